# join/task_done: several joiners wake together when the count of unfinished
# items reaches zero; join with nothing unfinished returns without waiting;
# task_done too often raises ValueError.
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def joiner(q, name):
    log(name, "joins")
    await q.join()
    log(name, "joined")


async def worker(q):
    while not q.empty():
        item = q.get_nowait()
        await asyncio.sleep(item)
        log("worker done with", item)
        q.task_done()


async def main():
    q = asyncio.Queue()
    log("join on an empty queue")
    await q.join()
    log("returned")
    for item in (2, 1, 3):
        q.put_nowait(item)
    js = [asyncio.create_task(joiner(q, f"J{i}")) for i in range(3)]
    w = asyncio.create_task(worker(q))
    await asyncio.sleep(0)
    log("unfinished tasks: qsize", q.qsize())
    await asyncio.gather(w, *js)
    try:
        q.task_done()
    except ValueError as e:
        log("ValueError:", e)
    q.put_nowait(9)
    q.get_nowait()
    j = asyncio.create_task(joiner(q, "late"))
    await asyncio.sleep(2)
    log("late joiner done?", j.done())
    q.task_done()
    await j


asyncio.run(main())
