// Package metrics holds the server's Prometheus metrics in a registry of
// their own (never the global one, so tests can run several servers), and
// serves them in the Prometheus text format. Label values come only from
// fixed sets (message types, error codes, refusal reasons, store
// operations): nothing a client sends becomes a label, and nothing names a
// player or an address.
package metrics

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the server's metrics. The zero value is not usable: use New.
type Metrics struct {
	reg *prometheus.Registry

	// Connections is the number of open WebSocket connections.
	Connections prometheus.Gauge
	// Received counts decoded messages by type ("invalid" for frames that
	// did not decode, "unknown" for unknown types).
	Received *prometheus.CounterVec
	// Sent counts messages sent by type.
	Sent *prometheus.CounterVec
	// Errors counts error replies by code.
	Errors *prometheus.CounterVec
	// Rejected counts connections refused before the upgrade, by reason
	// (full: the connection cap, per_address, origin, shutdown).
	Rejected *prometheus.CounterVec
	// Dropped counts connections the server closed itself, by reason
	// (slow: the send queue overflowed; write: a write failed or timed
	// out; hello: no hello before the hello deadline).
	Dropped *prometheus.CounterVec
	// Verify is the time a verification took, whatever its result.
	Verify prometheus.Histogram
	// Refused counts refused runs by reason (verify.Reason values).
	Refused *prometheus.CounterVec
	// Store is the latency of store calls by operation.
	Store *prometheus.HistogramVec
	// Busy counts submissions answered busy, by reason: in_flight (the
	// hub's cap of submissions at once), queue_full (the verification
	// queue), player_budget and address_budget (verification CPU
	// budgets).
	Busy *prometheus.CounterVec
	// NewPlayersRefused counts hellos with a new token refused because
	// their address created too many players this hour.
	NewPlayersRefused prometheus.Counter
}

// New returns the server's metrics, registered with the Go runtime and
// process collectors in a new registry.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		Connections: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "arcade_connections", Help: "Open WebSocket connections.",
		}),
		Received: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "arcade_messages_received_total", Help: "Messages received, by type.",
		}, []string{"type"}),
		Sent: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "arcade_messages_sent_total", Help: "Messages sent, by type.",
		}, []string{"type"}),
		Errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "arcade_errors_total", Help: "Error replies sent, by code.",
		}, []string{"code"}),
		Rejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "arcade_connections_rejected_total", Help: "Connections refused before the WebSocket upgrade, by reason.",
		}, []string{"reason"}),
		Dropped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "arcade_connections_dropped_total", Help: "Connections the server dropped, by reason.",
		}, []string{"reason"}),
		Verify: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "arcade_verify_seconds",
			Help:    "Time to verify a submitted run, whatever the result.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}),
		Refused: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "arcade_runs_refused_total", Help: "Submitted runs refused by verification, by reason.",
		}, []string{"reason"}),
		Store: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "arcade_store_seconds",
			Help:    "Latency of storage calls, by operation.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 5},
		}, []string{"op"}),
		Busy: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "arcade_submissions_busy_total", Help: "Submissions answered busy, by reason.",
		}, []string{"reason"}),
		NewPlayersRefused: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "arcade_new_players_refused_total", Help: "New players refused because their address created too many this hour.",
		}),
	}
	m.reg.MustRegister(m.Connections, m.Received, m.Sent, m.Errors, m.Rejected, m.Dropped,
		m.Verify, m.Refused, m.Store, m.Busy, m.NewPlayersRefused,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// WatchVerifier exports the verification queue: how many jobs wait
// (arcade_verify_waiting) and how many run (arcade_verify_running), read
// from waiting and running at each scrape. Call it once.
func (m *Metrics) WatchVerifier(waiting, running func() int) {
	m.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "arcade_verify_waiting", Help: "Runs waiting for a verification worker.",
		}, func() float64 { return float64(waiting()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "arcade_verify_running", Help: "Runs being verified.",
		}, func() float64 { return float64(running()) }),
	)
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Gatherer returns the registry, for tests that read values.
func (m *Metrics) Gatherer() prometheus.Gatherer { return m.reg }
