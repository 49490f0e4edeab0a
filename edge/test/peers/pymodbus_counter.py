"""A people counter played by python3-pymodbus: holding registers 0-1 in, 2-3 out (high word first),
4 status. Reads "IN OUT" lines on stdin and sets the totals; prints "ready PORT" once serving."""
import asyncio
import sys

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.server import StartAsyncTcpServer

port = int(sys.argv[1])
block = ModbusSequentialDataBlock(0, [0] * 10)
store = ModbusSlaveContext(hr=block, zero_mode=True)
context = ModbusServerContext(slaves=store, single=True)


def set_totals(total_in, total_out):
    words = [total_in >> 16, total_in & 0xFFFF, total_out >> 16, total_out & 0xFFFF, 1]
    store.setValues(3, 0, words)


async def read_stdin():
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            return
        total_in, total_out = (int(x) for x in line.split())
        set_totals(total_in, total_out)
        print("set", total_in, total_out, flush=True)


async def main():
    set_totals(int(sys.argv[2]), int(sys.argv[3]))
    server = asyncio.create_task(StartAsyncTcpServer(context=context, address=("127.0.0.1", port)))
    await asyncio.sleep(0.5)
    print("ready", port, flush=True)
    await read_stdin()
    server.cancel()


asyncio.run(main())
