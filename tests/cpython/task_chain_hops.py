# Chains of tasks awaiting tasks: each level of task adds hops between the
# innermost completion and the outermost resumption; inline coroutine levels
# add none. A ticker marks the iterations.
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def ticker(start, n):
    await asyncio.sleep(start)
    for i in range(n):
        log("tick", i)
        await asyncio.sleep(0)


async def leaf():
    await asyncio.sleep(1)
    log("leaf done")
    return 0


async def via_tasks(depth):
    if depth == 0:
        return await leaf()
    r = await asyncio.create_task(via_tasks(depth - 1))
    log("task level", depth, "resumes")
    return r + 1


async def via_coros(depth):
    if depth == 0:
        return await leaf()
    r = await via_coros(depth - 1)
    log("coro level", depth, "resumes")
    return r + 1


async def main():
    asyncio.create_task(ticker(1, 10))
    log("tasks ->", await via_tasks(3))
    asyncio.create_task(ticker(1, 4))
    log("coros ->", await via_coros(3))


asyncio.run(main())
