import asyncio


async def worker(name, queue):
    while True:
        delay = await queue.get()
        await asyncio.sleep(delay)
        print(f"{name} slept {delay}")
        queue.task_done()


async def main():
    queue = asyncio.Queue()
    for delay in (3, 1, 2, 1):
        queue.put_nowait(delay)
    workers = [asyncio.create_task(worker(f"w{i}", queue)) for i in range(2)]
    await queue.join()
    for w in workers:
        w.cancel()
    print("all done")


asyncio.run(main())
