# Queue(maxsize=1): several producers blocked on put wake in FIFO order,
# one per get; the consumer's get hands the slot to the next putter.
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def producer(q, name, items):
    for item in items:
        log(name, "puts", item)
        await q.put(item)
        log(name, "put done", item, "qsize", q.qsize())


async def consumer(q, n):
    for _ in range(n):
        await asyncio.sleep(1)
        item = await q.get()
        log("consumer got", item, "qsize", q.qsize())


async def main():
    q = asyncio.Queue(maxsize=1)
    ps = [asyncio.create_task(producer(q, name, [f"{name}{i}" for i in range(2)]))
          for name in ("P", "Q", "R")]
    await consumer(q, 6)
    await asyncio.gather(*ps)
    log("empty:", q.empty(), "full:", q.full())


asyncio.run(main())
