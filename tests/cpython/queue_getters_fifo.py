# Several consumers blocked on get wake in FIFO order; put_nowait bursts;
# a woken getter that finds the queue empty again (another task took the
# item first with get_nowait) waits again at the back of the line.
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def getter(q, name, n):
    for _ in range(n):
        log(name, "waits")
        item = await q.get()
        log(name, "got", item)


async def main():
    q = asyncio.Queue()
    gs = [asyncio.create_task(getter(q, f"G{i}", 2)) for i in range(3)]
    await asyncio.sleep(1)
    log("put_nowait x1")
    q.put_nowait("x1")
    await asyncio.sleep(1)
    log("burst: put_nowait y1 y2 y3")
    for item in ("y1", "y2", "y3"):
        q.put_nowait(item)
    await asyncio.sleep(1)
    log("put z1, then steal it with get_nowait before the getter runs")
    q.put_nowait("z1")
    log("stolen", q.get_nowait())
    await asyncio.sleep(1)
    log("put z2")
    await q.put("z2")
    await asyncio.sleep(1)
    log("getters done:", [g.done() for g in gs])
    q.put_nowait("last")
    await asyncio.gather(*gs)
    log("all getters done")


asyncio.run(main())
