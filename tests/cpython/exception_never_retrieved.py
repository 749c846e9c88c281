# A task whose exception is never retrieved: when it is destroyed, asyncio
# logs "Task exception was never retrieved" on stderr (recorded golden);
# a retrieved exception logs nothing. Stdout marks where it happens.
# record-stderr
import asyncio
import gc


def log(*parts):
    print(f"{asyncio.get_running_loop().time():.3f}", *parts, flush=True)


async def fails(name):
    await asyncio.sleep(1)
    raise ValueError(name)


async def main():
    t = asyncio.create_task(fails("retrieved"))
    u = asyncio.create_task(fails("ignored"))
    await asyncio.sleep(2)
    log("retrieved:", repr(t.exception()))
    log("dropping both tasks")
    del t, u
    gc.collect()
    log("after collection")


asyncio.run(main())
print("end", flush=True)
