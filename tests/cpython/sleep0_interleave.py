# sleep(0), sleep(0.0) and negative sleeps are one bare yield each: tasks
# doing them interleave round-robin, one step per loop iteration.
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def worker(name, n, delay):
    for i in range(n):
        log(name, "step", i)
        await asyncio.sleep(delay)
    log(name, "done")
    return name


async def main():
    a = asyncio.create_task(worker("A", 4, 0))
    b = asyncio.create_task(worker("B", 2, 0.0))
    c = asyncio.create_task(worker("C", 3, -1))
    log("main before first yield")
    await asyncio.sleep(0)
    log("main after first yield")
    res = await asyncio.gather(a, b, c)
    log("main got", res)


asyncio.run(main())
