import socket

from pygen_emulator._server import bind_socket


def test_listening_socket_declares_tcp_so_asyncio_disables_nagle() -> None:
    # asyncio only sets TCP_NODELAY on accepted sockets whose listener has proto == IPPROTO_TCP;
    # with proto 0 every small response waited ~40 ms (delayed ACK + Nagle).
    sock = bind_socket("127.0.0.1", 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP
    finally:
        sock.close()
