# create_task schedules the first step (runs after the creator yields);
# `await coro()` runs inline at once; ensure_future on a coroutine is
# create_task; tasks created in one step start in creation order.
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def job(name):
    log(name, "first step")
    await asyncio.sleep(0)
    log(name, "second step")
    return name


async def main():
    log("main creates T1")
    t1 = asyncio.create_task(job("T1"))
    log("main awaits inline I1")
    await job("I1")
    log("main creates T2, T3 and ensure_future E")
    t2 = asyncio.create_task(job("T2"))
    t3 = asyncio.create_task(job("T3"))
    e = asyncio.ensure_future(job("E"))
    log("main awaits inline I2")
    await job("I2")
    log("main awaits T3")
    await t3
    log("main awaits T1, T2, E")
    log("->", await t1, await t2, await e)


asyncio.run(main())
