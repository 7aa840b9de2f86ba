// RTP: media throughput and latency, to come when nodertc's media path lands (native/core/rtp).
// A case with `skip` is listed in the report and not run; give it rows and run() to enable it.
'use strict';

module.exports = [
  {
    metric: 'rtp',
    name: 'rtp',
    skip: 'media not landed in nodertc yet',
    rows: [],
  },
];
