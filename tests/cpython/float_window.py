# The clock's resolution: a timer is due when its deadline is before
# loop.time() + 1e-9, so timers less than 1e-9 s apart fire in one loop
# iteration, in (deadline, scheduling order); a delay under 1e-9 is a timer
# due at once (not a bare yield: still two hops). Far from zero (past 2**24
# s) `now + 1e-9 == now`: the clock then lands one double past a deadline.
# A ticker marks the iterations.
import asyncio


def log(*parts):
    print(repr(asyncio.get_running_loop().time()), *parts)


async def ticker(n):
    for i in range(n):
        log("tick", i)
        await asyncio.sleep(0)


async def sleeper(name, d):
    await asyncio.sleep(d)
    log(name, "woke")


async def main():
    loop = asyncio.get_running_loop()
    await asyncio.sleep(1)
    # Deadlines 1e-10 apart, scheduled latest first: one iteration, in
    # deadline order.
    await asyncio.gather(
        sleeper("C +3e-10", 3e-10), sleeper("B +2e-10", 2e-10),
        sleeper("A +1e-10", 1e-10), sleeper("D +2e-9", 2e-9),
        ticker(4))
    # A delay under 1e-9 against sleep(0).
    await asyncio.gather(sleeper("tiny 5e-10", 5e-10), sleeper("zero", 0),
                         ticker(3))
    # Far from zero.
    await asyncio.sleep(2.0 ** 25)
    log("far")
    await asyncio.gather(sleeper("far +1e-9", 1e-9), sleeper("far zero", 0),
                         ticker(3))
    log("done")


asyncio.run(main())
