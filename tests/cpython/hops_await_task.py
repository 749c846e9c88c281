# Hop counting: awaiting a coroutine runs it inline (no hop); awaiting a task
# costs hops (its first step, its done-callback); awaiting a finished task
# does not yield. A ticker marks the loop iterations.
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def ticker(n):
    for i in range(n):
        log("tick", i)
        await asyncio.sleep(0)


async def quick(name):
    log(name, "runs")
    return name


async def one_yield(name):
    log(name, "before yield")
    await asyncio.sleep(0)
    log(name, "after yield")
    return name


async def main():
    asyncio.create_task(ticker(12))
    log("main: await quick() inline")
    log("main got", await quick("inline"))
    t = asyncio.create_task(quick("task"))
    log("main: await task")
    log("main got", await t)
    log("main: await finished task")
    log("main got", await t)
    t = asyncio.create_task(one_yield("yielder"))
    log("main: await yielder task")
    log("main got", await t)
    log("main: await one_yield() inline")
    log("main got", await one_yield("inline yielder"))
    await asyncio.sleep(0.001)
    log("main done")


asyncio.run(main())
