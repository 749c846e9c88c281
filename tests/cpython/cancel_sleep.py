# Cancelling a sleeping task: CancelledError raised at the await, except and
# finally blocks run one hop later; the cancelled timer never moves the
# clock; cancel message; cancelling a finished task returns False.
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def sleeper(name, d):
    log(name, "sleeps", d)
    try:
        await asyncio.sleep(d)
        log(name, "woke")
    except asyncio.CancelledError as e:
        log(name, "cancelled", e.args)
        raise
    finally:
        log(name, "finally")


async def main():
    a = asyncio.create_task(sleeper("A", 10))
    b = asyncio.create_task(sleeper("B", 20))
    c = asyncio.create_task(sleeper("C", 2))
    await asyncio.sleep(1)
    log("cancel A:", a.cancel())
    log("cancel B with a message:", b.cancel("stop B"))
    log("A cancelling:", a.cancelling(), "done:", a.done())
    await asyncio.sleep(0)
    log("A done:", a.done(), "cancelled:", a.cancelled())
    try:
        await b
    except asyncio.CancelledError as e:
        log("main: awaiting B raised CancelledError", e.args)
    await c
    log("cancel finished C:", c.cancel())
    # Nothing else pending: the clock stops at 2, not 10 or 20.
    await asyncio.sleep(0)
    log("main done")


asyncio.run(main())
