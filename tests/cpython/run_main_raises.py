# main raising with tasks still pending: asyncio.run first cancels the
# leftovers (their handlers print, in creation order under the oracle), one
# of them raises during shutdown (logged on stderr), then the exception
# propagates: traceback on stderr, exit status 1.
# expect-status: 1
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def leftover(name, d, bad=False):
    try:
        await asyncio.sleep(d)
    except asyncio.CancelledError:
        log(name, "cancelled at shutdown")
        if bad:
            raise KeyError(name)
        raise
    finally:
        log(name, "finally")


async def main():
    asyncio.create_task(leftover("A", 10))
    asyncio.create_task(leftover("B", 10, bad=True))
    asyncio.create_task(leftover("C", 10))
    await asyncio.sleep(1)
    log("main raises")
    raise RuntimeError("main failed")


try:
    asyncio.run(main())
finally:
    print("asyncio.run returned by raising")
