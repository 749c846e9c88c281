# gather of already-finished tasks still takes hops (done-callbacks are
# scheduled with call_soon); an empty gather is a done future (no hop);
# gather of plain coroutines vs tasks; the same awaitable twice.
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def ticker(n):
    for i in range(n):
        log("tick", i)
        await asyncio.sleep(0)


async def value(v):
    log("value", v)
    return v


async def main():
    t1 = asyncio.create_task(value(1))
    t2 = asyncio.create_task(value(2))
    await asyncio.sleep(0)
    log("t1, t2 done:", t1.done(), t2.done())
    asyncio.create_task(ticker(12))
    log("gather of finished tasks")
    log("->", await asyncio.gather(t2, t1))
    log("empty gather")
    log("->", await asyncio.gather())
    log("gather with the same task twice")
    t3 = asyncio.create_task(value(3))
    log("->", await asyncio.gather(t3, t3, t1))
    log("gather of a coroutine and a finished task")
    log("->", await asyncio.gather(value(4), t1))
    await asyncio.sleep(1)
    log("main done")


asyncio.run(main())
