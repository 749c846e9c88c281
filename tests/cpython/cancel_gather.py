# Cancellation and gather: cancelling the task that awaits a gather cancels
# every child; cancelling the gather future itself; a cancelled child makes
# gather raise CancelledError (return_exceptions=False) or return it.
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def child(name, d):
    try:
        await asyncio.sleep(d)
        log(name, "ends")
        return name
    except asyncio.CancelledError:
        log(name, "cancelled")
        raise
    finally:
        log(name, "finally")


async def parent():
    try:
        await asyncio.gather(child("a", 5), child("b", 1), child("c", 5))
    except asyncio.CancelledError:
        log("parent cancelled")
        raise


async def main():
    p = asyncio.create_task(parent())
    await asyncio.sleep(2)
    log("cancel parent:", p.cancel())
    try:
        await p
    except asyncio.CancelledError:
        log("main: parent raised CancelledError")

    g = asyncio.gather(child("d", 5), child("e", 5))
    await asyncio.sleep(1)
    log("cancel gather:", g.cancel())
    try:
        await g
    except asyncio.CancelledError:
        log("main: gather raised CancelledError")

    t = asyncio.create_task(child("f", 3))
    g = asyncio.gather(t, child("g", 2))
    await asyncio.sleep(1)
    t.cancel()
    try:
        log("->", await g)
    except asyncio.CancelledError:
        log("main: gather with a cancelled child raised CancelledError")
    await asyncio.sleep(2)

    t = asyncio.create_task(child("h", 3))
    g = asyncio.gather(t, child("i", 2), return_exceptions=True)
    await asyncio.sleep(1)
    t.cancel()
    log("->", [type(r).__name__ if isinstance(r, BaseException) else r
               for r in await g])


asyncio.run(main())
