# asyncio.Lock: waiters acquire in FIFO order, one per release; a cancelled
# waiter is skipped; acquire on a free lock does not yield; locked().
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def worker(lock, name, hold):
    log(name, "wants the lock")
    try:
        async with lock:
            log(name, "holds the lock")
            await asyncio.sleep(hold)
            log(name, "releases")
    except asyncio.CancelledError:
        log(name, "cancelled while waiting")
        raise


async def main():
    lock = asyncio.Lock()
    ws = [asyncio.create_task(worker(lock, f"W{i}", 1)) for i in range(5)]
    await asyncio.sleep(0.5)
    log("locked:", lock.locked(), "- cancel W2")
    ws[2].cancel()
    await asyncio.gather(*ws, return_exceptions=True)
    log("locked:", lock.locked())
    await lock.acquire()
    log("main acquired a free lock without yielding")
    late = asyncio.create_task(worker(lock, "late", 0))
    await asyncio.sleep(1)
    log("main releases")
    lock.release()
    log("locked right after release:", lock.locked())
    await late
    try:
        lock.release()
    except RuntimeError as e:
        log("RuntimeError:", e)


asyncio.run(main())
