#!/usr/bin/perl
# Debian's rtsp-server-perl (RTSP::Server) as /usr/bin/rtsp-server-perl runs it, with the first
# argument as the first RTP port. The server goes back to its package default (20000) whenever
# a connection ends while nothing is mounted, so its rtp_start_port option alone does not hold
# the range; the default itself is set here. The other arguments are the program's own options.
# For tests/interop.
use strict;
use warnings;
use AnyEvent;
use RTSP::Server;

$RTSP::Server::RTP_START_PORT = shift @ARGV;
my $srv = RTSP::Server->new_with_options();
$srv->listen;
my $cv = AnyEvent->condvar;
$SIG{INT} = $SIG{TERM} = sub { $cv->send };
$cv->recv;
