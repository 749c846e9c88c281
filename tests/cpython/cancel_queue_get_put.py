# Cancelling tasks blocked on Queue.get and Queue.put: their waiters leave
# the FIFO, and the next put/get goes to the next live waiter. A getter
# cancelled after being woken passes the wake-up on.
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def getter(q, name):
    try:
        log(name, "waits")
        item = await q.get()
        log(name, "got", item)
    except asyncio.CancelledError:
        log(name, "cancelled in get")
        raise


async def putter(q, name, item):
    try:
        log(name, "puts", item)
        await q.put(item)
        log(name, "put done")
    except asyncio.CancelledError:
        log(name, "cancelled in put")
        raise


async def main():
    q = asyncio.Queue()
    gs = [asyncio.create_task(getter(q, f"G{i}")) for i in range(4)]
    await asyncio.sleep(1)
    gs[0].cancel()
    await asyncio.sleep(0)
    log("put a")
    q.put_nowait("a")
    await asyncio.sleep(1)
    log("put b, then cancel the woken getter G2")
    q.put_nowait("b")
    gs[2].cancel()
    await asyncio.sleep(1)
    log("results:", [("cancelled" if g.cancelled() else "done" if g.done()
                      else "waiting") for g in gs])

    q = asyncio.Queue(maxsize=1)
    q.put_nowait("full")
    ps = [asyncio.create_task(putter(q, f"P{i}", f"p{i}")) for i in range(3)]
    await asyncio.sleep(1)
    ps[0].cancel()
    await asyncio.sleep(0)
    log("get", q.get_nowait())
    await asyncio.sleep(1)
    log("get", q.get_nowait())
    await asyncio.sleep(1)
    log("qsize", q.qsize(), [p.cancelled() for p in ps])


asyncio.run(main())
