# Queue(maxsize=2) with several producers and several consumers sleeping
# equal durations: the blocked putters and getters take turns in FIFO order.
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def producer(q, name, n, d):
    for i in range(n):
        await asyncio.sleep(d)
        log(name, "put", f"{name}{i}", "(full)" if q.full() else "(room)")
        await q.put(f"{name}{i}")
    log(name, "done")


async def consumer(q, name, d):
    while True:
        item = await q.get()
        log(name, "got", item)
        await asyncio.sleep(d)
        q.task_done()


async def main():
    q = asyncio.Queue(maxsize=2)
    cs = [asyncio.create_task(consumer(q, f"C{i}", 3)) for i in range(2)]
    ps = [asyncio.create_task(producer(q, name, 3, 1)) for name in "abc"]
    await asyncio.gather(*ps)
    log("producers done, qsize", q.qsize())
    await q.join()
    log("joined")
    for c in cs:
        c.cancel()
    await asyncio.sleep(0)
    log("consumers cancelled:", [c.cancelled() for c in cs])


asyncio.run(main())
