# asyncio.shield: cancelling the outer await does not cancel the shielded
# task, which finishes later; cancelling the inner task cancels the outer.
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def work(name, d):
    try:
        await asyncio.sleep(d)
    except asyncio.CancelledError:
        log(name, "cancelled")
        raise
    log(name, "finished")
    return name


async def waiter(aw):
    try:
        log("waiter got", await asyncio.shield(aw))
    except asyncio.CancelledError:
        log("waiter cancelled")
        raise


async def main():
    inner = asyncio.create_task(work("inner", 3))
    w = asyncio.create_task(waiter(inner))
    await asyncio.sleep(1)
    w.cancel()
    await asyncio.gather(w, return_exceptions=True)
    log("inner done?", inner.done())
    log("main awaits inner:", await inner)

    inner = asyncio.create_task(work("inner2", 3))
    w = asyncio.create_task(waiter(inner))
    await asyncio.sleep(1)
    inner.cancel()
    res = await asyncio.gather(w, return_exceptions=True)
    log("waiter result:", [type(r).__name__ for r in res])


asyncio.run(main())
