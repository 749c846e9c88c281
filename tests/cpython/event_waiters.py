# asyncio.Event: set() wakes every waiter in the order they started waiting
# (each one hop later); wait() on a set event returns without yielding;
# clear() makes later waiters block; a cancelled waiter.
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def waiter(ev, name):
    log(name, "waits")
    try:
        await ev.wait()
    except asyncio.CancelledError:
        log(name, "cancelled")
        raise
    log(name, "woke, is_set:", ev.is_set())


async def main():
    ev = asyncio.Event()
    ws = [asyncio.create_task(waiter(ev, f"E{i}")) for i in (3, 1, 2)]
    bad = asyncio.create_task(waiter(ev, "X"))
    await asyncio.sleep(1)
    bad.cancel()
    await asyncio.sleep(1)
    log("set")
    ev.set()
    log("set again")
    ev.set()
    log("main waits on a set event")
    await ev.wait()
    log("main passed")
    await asyncio.gather(*ws)
    ev.clear()
    w = asyncio.create_task(waiter(ev, "late"))
    await asyncio.sleep(1)
    log("set, then clear at once")
    ev.set()
    ev.clear()
    await w
    log("late returned although the event is clear:", not ev.is_set())


asyncio.run(main())
