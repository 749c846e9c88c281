# gather: children finishing in the same iteration; each completion reaches
# the outer future through a done-callback (one hop) and the awaiting task
# one hop later. Results keep argument order. A ticker marks iterations.
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def ticker(start, n):
    await asyncio.sleep(start)
    for i in range(n):
        log("tick", i)
        await asyncio.sleep(0)


async def child(name, d, yields=0):
    log(name, "starts")
    await asyncio.sleep(d)
    for _ in range(yields):
        await asyncio.sleep(0)
    log(name, "ends")
    return name


async def main():
    asyncio.create_task(ticker(1, 8))
    # Three children sleeping 1: their timers were scheduled after the
    # ticker's, they finish in the same iteration.
    res = await asyncio.gather(child("c", 1), child("b", 1), child("a", 1))
    log("gather 1 ->", res)
    asyncio.create_task(ticker(1, 8))
    # Different numbers of extra hops after waking.
    res = await asyncio.gather(child("x2", 1, 2), child("x0", 1, 0),
                               child("x1", 1, 1))
    log("gather 2 ->", res)


asyncio.run(main())
