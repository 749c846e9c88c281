# asyncio.wait with FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED and a
# timeout; the done/pending sets are printed sorted (sets have no order).
import asyncio


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts)


async def job(name, d, fail=False):
    await asyncio.sleep(d)
    log(name, "ends")
    if fail:
        raise RuntimeError(name)
    return name


def names(tasks):
    return sorted(t.get_name() for t in tasks)


async def main():
    ts = [asyncio.create_task(job(n, d), name=n)
          for n, d in (("a", 3), ("b", 1), ("c", 1), ("d", 2))]
    done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_COMPLETED)
    log("first completed:", names(done), "pending:", names(pending))
    done, pending = await asyncio.wait(pending, timeout=1.5)
    log("after timeout 1.5:", names(done), "pending:", names(pending))
    ts = [asyncio.create_task(job("e", 1), name="e"),
          asyncio.create_task(job("f", 2, fail=True), name="f"),
          asyncio.create_task(job("g", 4), name="g")]
    done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_EXCEPTION)
    log("first exception:", names(done), "pending:", names(pending))
    for t in sorted(done, key=lambda t: t.get_name()):
        log(t.get_name(), "exception:", repr(t.exception()))
    done, pending = await asyncio.wait(pending | {ts[0]})
    log("all completed:", names(done), "pending:", names(pending))


asyncio.run(main())
