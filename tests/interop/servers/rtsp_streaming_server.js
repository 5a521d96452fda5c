// rtsp-streaming-server (npm) on loopback only, for tests/interop.
// argv: publishPort clientPort rtpPortStart; INTEROP_CREDENTIALS=user:password in the
// environment asks viewers for them (Basic, through the package's authentication hook).
// The package listens on every interface and offers no address option, so the sockets it
// opens are bound to 127.0.0.1 here before it is loaded.
'use strict';
const net = require('net');
const dgram = require('dgram');

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (port, ...rest) {
  const done = rest.find((arg) => typeof arg === 'function');
  return listen.call(this, { port, host: '127.0.0.1' }, done);
};
const bind = dgram.Socket.prototype.bind;
dgram.Socket.prototype.bind = function (port, ...rest) {
  const done = rest.find((arg) => typeof arg === 'function');
  return bind.call(this, { port, address: '127.0.0.1' }, done);
};

const RtspServer = require('rtsp-streaming-server').default;
const [publishPort, clientPort, rtpPortStart] = process.argv.slice(2);
const credentials = process.env.INTEROP_CREDENTIALS;
const clientServerHooks = {};
if (credentials) {
  const [user, password] = credentials.split(':');
  clientServerHooks.authentication = async (u, p) => u === user && p === password;
}
const server = new RtspServer({
  serverPort: Number(publishPort), clientPort: Number(clientPort),
  rtpPortStart: Number(rtpPortStart), rtpPortCount: 200, clientServerHooks,
});
server.start().then(() => console.log('ready'), (error) => { console.error(error); process.exit(1); });
