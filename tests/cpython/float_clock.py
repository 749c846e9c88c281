# The float clock: deadlines are loop.time() + delay in doubles, as CPython
# computes them, so sums of decimal fractions are not their decimal sums:
# 0.1 + 0.7 < 0.8, 0.1 + 0.2 > 0.3, ten steps of 0.1 < 1.0. call_at with
# computed times, wait_for and timeout deadlines on fractions. Times are
# printed with repr() to show every bit.
import asyncio


def log(*parts):
    print(repr(asyncio.get_running_loop().time()), *parts)


async def steps(name, *delays):
    for d in delays:
        await asyncio.sleep(d)
    log(name, "woke")


async def sums():
    # Each pair started together; the one whose deadline is smaller wakes
    # first whatever the order the tasks were created in.
    await asyncio.gather(
        steps("A 0.8", 0.8), steps("B 0.1+0.7", 0.1, 0.7),
        steps("C 0.3", 0.3), steps("D 0.1+0.2", 0.1, 0.2),
        steps("E 1.0", 1.0), steps("F ten 0.1", *[0.1] * 10))


async def call_at_computed():
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    done = loop.create_future()
    fired = []

    def fire(name):
        fired.append(name)
        log("call_at", name)
        if len(fired) == 4:
            done.set_result(None)

    loop.call_at(t0 + 0.3, fire, "t0+0.3")
    loop.call_at(t0 + 0.1 + 0.2, fire, "t0+0.1+0.2")
    loop.call_later(0.3, fire, "later 0.3")
    loop.call_at(t0 + (0.1 + 0.2), fire, "t0+(0.1+0.2)")
    await done


async def with_wait_for():
    # sleep(0.3) against a timeout of 0.1 + 0.2: the sleep ends first.
    try:
        await asyncio.wait_for(asyncio.sleep(0.3), 0.1 + 0.2)
        log("wait_for: the sleep won")
    except asyncio.TimeoutError:
        log("wait_for: timed out")
    # sleep(0.1 + 0.2) against a timeout of 0.3: the timeout fires first.
    try:
        await asyncio.wait_for(asyncio.sleep(0.1 + 0.2), 0.3)
        log("wait_for: the sleep won")
    except asyncio.TimeoutError:
        log("wait_for: timed out")


async def with_timeout():
    # Work of 0.1 then 0.7 within timeout(0.8): done before the deadline.
    try:
        async with asyncio.timeout(0.8):
            await asyncio.sleep(0.1)
            await asyncio.sleep(0.7)
        log("timeout: the work won")
    except TimeoutError:
        log("timeout: timed out")
    # Work of 0.1 then 0.2 within timeout(0.3): the deadline comes first.
    try:
        async with asyncio.timeout(0.3):
            await asyncio.sleep(0.1)
            await asyncio.sleep(0.2)
        log("timeout: the work won")
    except TimeoutError:
        log("timeout: timed out")


async def main():
    await sums()
    await call_at_computed()
    await with_wait_for()
    await with_timeout()
    log("done")


asyncio.run(main())
