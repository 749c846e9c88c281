# Sleeps and a call_later callback due at one deadline: the timer handles
# run in scheduling order in one iteration (A's wake, the callback, B's
# wake), and the steps they schedule run in the next, after whatever the
# callback scheduled in between: A's step, the callback's call_soon, B's.
# The callback also cancels D, whose sleep's timer is due with B's but
# whose wake has not run yet: D's sleep is cancelled, not woken. A sleep
# due a nanosecond later fires in the iteration after, on its own.
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def sleeper(name, delay):
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        log(name, "cancelled at its sleep")
        raise
    log(name, "woke")


async def main():
    loop = asyncio.get_running_loop()
    a = asyncio.create_task(sleeper("A", 1))
    await asyncio.sleep(0)
    tasks = {}

    def cb():
        log("callback")
        loop.call_soon(log, "soon from the callback")
        log("cancel D:", tasks["D"].cancel())

    loop.call_later(1, cb)
    for name, delay in (("B", 1), ("D", 1), ("C", 1 + 1e-9), ("E", 2)):
        tasks[name] = asyncio.create_task(sleeper(name, delay))
    await asyncio.sleep(0)
    results = await asyncio.gather(a, *tasks.values(), return_exceptions=True)
    log("done", [type(r).__name__ for r in results])


asyncio.run(main())
