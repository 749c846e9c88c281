# The clock moves only when nothing is ready: timers wait (and the clock
# stands still) while tasks keep yielding with sleep(0); hop counting.
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def ticker(n):
    for i in range(n):
        log("tick", i)
        await asyncio.sleep(0)
    log("ticker done")


async def sleeper(d):
    log("sleeper sleeps", d)
    await asyncio.sleep(d)
    log("sleeper woke")


async def main():
    t = asyncio.create_task(ticker(6))
    s = asyncio.create_task(sleeper(0.5))
    await asyncio.sleep(0)
    log("main sleeps 0.25")
    await asyncio.sleep(0.25)
    log("main woke")
    await t
    await s
    t2 = asyncio.create_task(ticker(3))
    await asyncio.sleep(0.25)
    log("main woke again")
    await t2


asyncio.run(main())
