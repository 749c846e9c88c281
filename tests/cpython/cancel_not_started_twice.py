# Cancelling a task before its first step: its coroutine never runs (no
# prints, no finally). Cancelling twice: both calls return True, one
# CancelledError; cancelling() counts requests; uncancel().
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def job(name):
    log(name, "started")
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        log(name, "caught CancelledError, cancelling() =",
            asyncio.current_task().cancelling())
        raise
    finally:
        log(name, "finally")


async def main():
    t = asyncio.create_task(job("never"))
    log("cancel before start:", t.cancel())
    await asyncio.sleep(0)
    log("done:", t.done(), "cancelled:", t.cancelled())

    t = asyncio.create_task(job("twice"))
    await asyncio.sleep(1)
    log("first cancel:", t.cancel(), "cancelling:", t.cancelling())
    log("second cancel:", t.cancel(), "cancelling:", t.cancelling())
    await asyncio.sleep(0)
    log("done:", t.done(), "cancelled:", t.cancelled())
    log("third cancel after done:", t.cancel())

    t = asyncio.create_task(job("uncancelled"))
    await asyncio.sleep(1)
    t.cancel()
    log("uncancel ->", t.uncancel(), "cancelling:", t.cancelling())
    await asyncio.sleep(0)
    log("still cancelled after uncancel():", t.cancelled())

    t = asyncio.create_task(job("not started, twice"))
    log(t.cancel(), t.cancel(), t.cancelling())
    await asyncio.sleep(0)
    log("cancelled:", t.cancelled())


asyncio.run(main())
