# asyncio.wait_for: the timeout fires (the inner task is cancelled, its
# handlers run, then TimeoutError); the inner finishes first; the inner's
# sleep ends at the same instant as the timeout (the timeout's timer was
# scheduled first); timeout 0; a task that ignores the cancellation.
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def inner(name, d, stubborn=False):
    log(name, "starts, sleeps", d)
    try:
        await asyncio.sleep(d)
    except asyncio.CancelledError:
        log(name, "cancelled")
        if not stubborn:
            raise
        log(name, "ignores it and returns")
        return name + " (stubborn)"
    finally:
        log(name, "finally")
    log(name, "returns")
    return name


async def attempt(name, d, timeout, stubborn=False):
    try:
        r = await asyncio.wait_for(inner(name, d, stubborn), timeout)
        log("wait_for ->", r)
    except asyncio.TimeoutError:
        log("wait_for", name, "timed out")


async def main():
    await attempt("slow", 5, 2)
    await attempt("fast", 1, 2)
    await attempt("tie", 2, 2)
    await attempt("zero", 1, 0)
    await attempt("stubborn", 5, 1, stubborn=True)
    t = asyncio.create_task(inner("task", 0, False))
    await asyncio.sleep(0)
    await attempt("none", 1, None)
    log("already done task:", await asyncio.wait_for(t, 0))


asyncio.run(main())
