# put_nowait/get_nowait with QueueFull/QueueEmpty; get_nowait and
# put_nowait wake a waiting putter/getter (one hop later).
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def putter(q, item):
    log("putter puts", item)
    await q.put(item)
    log("putter done", item)


async def getter(q):
    log("getter waits")
    log("getter got", await q.get())


async def main():
    q = asyncio.Queue(2)
    q.put_nowait(1)
    q.put_nowait(2)
    try:
        q.put_nowait(3)
    except asyncio.QueueFull:
        log("QueueFull at size", q.qsize())
    p = asyncio.create_task(putter(q, 3))
    await asyncio.sleep(0)
    log("get_nowait", q.get_nowait(), "qsize", q.qsize())
    log("putter done yet?", p.done())
    await asyncio.sleep(0)
    log("qsize", q.qsize(), "putter done?", p.done())
    await p
    log("drain", q.get_nowait(), q.get_nowait())
    try:
        q.get_nowait()
    except asyncio.QueueEmpty:
        log("QueueEmpty")
    g = asyncio.create_task(getter(q))
    await asyncio.sleep(0)
    q.put_nowait("a")
    q.put_nowait("b")
    log("qsize after two put_nowait", q.qsize())
    await g
    log("left", q.get_nowait(), "maxsize", q.maxsize)
    q0 = asyncio.Queue(0)
    for i in range(3):
        q0.put_nowait(i)
    log("unbounded full?", q0.full(), q0.qsize())


asyncio.run(main())
