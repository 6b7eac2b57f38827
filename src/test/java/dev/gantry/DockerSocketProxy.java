package dev.gantry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP endpoint on loopback in front of a rig host's Docker unix socket, that can cut the engine's event streams
 * (and refuse new ones) while every other request passes: the fault of a dropped event stream without a host
 * that looks down. A connection counts as an event stream once a request on it asks for {@code /events}.
 */
public final class DockerSocketProxy implements AutoCloseable {

    private final ServerSocketChannel server;
    private final Path socket;
    private final Set<Pipe> pipes = ConcurrentHashMap.newKeySet();
    private volatile boolean refuseEvents;

    private DockerSocketProxy(ServerSocketChannel server, Path socket) {
        this.server = server;
        this.socket = socket;
    }

    public static DockerSocketProxy start(int host) {
        try {
            ServerSocketChannel server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            DockerSocketProxy proxy = new DockerSocketProxy(server, RigHosts.directory().resolve("h" + host + "/docker.sock"));
            Thread.ofVirtual().name("docker-proxy-accept").start(proxy::accept);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The endpoint to register, {@code tcp://127.0.0.1:PORT}. */
    public String endpoint() {
        try {
            return "tcp://127.0.0.1:" + ((InetSocketAddress) server.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drops every open event stream; with {@code refuse}, also closes every new connection that asks for one. */
    public void cutEventStreams(boolean refuse) {
        refuseEvents = refuse;
        pipes.stream().filter(p -> p.events).forEach(Pipe::close);
    }

    public void allowEventStreams() {
        refuseEvents = false;
    }

    /** Event streams open through the proxy now. */
    public long openEventStreams() {
        return pipes.stream().filter(p -> p.events).count();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        pipes.forEach(Pipe::close);
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                SocketChannel engine = SocketChannel.open(StandardProtocolFamily.UNIX);
                engine.connect(UnixDomainSocketAddress.of(socket));
                Pipe pipe = new Pipe(client, engine);
                pipes.add(pipe);
                Thread.ofVirtual().start(pipe::clientToEngine);
                Thread.ofVirtual().start(pipe::engineToClient);
            } catch (IOException e) {
                return;
            }
        }
    }

    private final class Pipe {
        final SocketChannel client;
        final SocketChannel engine;
        volatile boolean events;

        Pipe(SocketChannel client, SocketChannel engine) {
            this.client = client;
            this.engine = engine;
        }

        void clientToEngine() {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            try {
                while (client.read(buffer) >= 0) {
                    buffer.flip();
                    String seen = StandardCharsets.ISO_8859_1.decode(buffer.duplicate()).toString();
                    if (seen.contains("/events")) {
                        events = true;
                        if (refuseEvents) {
                            close();
                            return;
                        }
                    }
                    while (buffer.hasRemaining()) {
                        engine.write(buffer);
                    }
                    buffer.clear();
                }
            } catch (IOException ignored) {
                // either side went away
            }
            close();
        }

        void engineToClient() {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            try {
                while (engine.read(buffer) >= 0) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        client.write(buffer);
                    }
                    buffer.clear();
                }
            } catch (IOException ignored) {
                // either side went away
            }
            close();
        }

        void close() {
            pipes.remove(this);
            try {
                client.close();
            } catch (IOException ignored) {
                // already closed
            }
            try {
                engine.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
