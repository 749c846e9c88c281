# asyncio.run cancels the tasks still pending when main returns (in creation
# order under the oracle; CPython's own order follows object addresses),
# runs their except/finally blocks, lets a task that catches the
# cancellation finish its cleanup (even with sleeps), and cancels a task that
# never started (created by a callback in the iteration that stops the loop).
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def leftover(name, d):
    log(name, "starts")
    try:
        await asyncio.sleep(d)
        log(name, "woke")
    except asyncio.CancelledError:
        log(name, "cancelled at shutdown")
        raise
    finally:
        log(name, "finally")


async def cleaner(name):
    try:
        await asyncio.sleep(100)
    except asyncio.CancelledError:
        log(name, "caught it, cleaning up")
        await asyncio.sleep(0)
        log(name, "still cleaning")
        await asyncio.sleep(2)
        log(name, "clean")
        return "cleaned"


async def never(name):
    log(name, "never printed")


async def main():
    for i, d in enumerate((50, 10, 30)):
        asyncio.create_task(leftover(f"L{i}", d))
    asyncio.create_task(cleaner("K"))
    asyncio.create_task(leftover("L3", 20))
    await asyncio.sleep(1)
    loop = asyncio.get_running_loop()
    loop.call_soon(loop.create_task, never("N"))
    log("main returns")


asyncio.run(main())
print("after asyncio.run")
