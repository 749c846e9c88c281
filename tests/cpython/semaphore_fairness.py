# asyncio.Semaphore(2): at most two holders; waiters acquire in FIFO order
# as holders release (several releases at the same instant); a cancelled
# waiter; BoundedSemaphore over-release raises ValueError.
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def worker(sem, name, hold):
    log(name, "wants")
    try:
        async with sem:
            log(name, "in")
            await asyncio.sleep(hold)
            log(name, "out")
    except asyncio.CancelledError:
        log(name, "cancelled")
        raise


async def main():
    sem = asyncio.Semaphore(2)
    ws = [asyncio.create_task(worker(sem, f"S{i}", 2)) for i in range(6)]
    await asyncio.sleep(1)
    log("locked:", sem.locked(), "- cancel S3")
    ws[3].cancel()
    await asyncio.gather(*ws, return_exceptions=True)
    log("locked:", sem.locked())
    b = asyncio.BoundedSemaphore(1)
    await b.acquire()
    b.release()
    try:
        b.release()
    except ValueError as e:
        log("ValueError:", e)


asyncio.run(main())
