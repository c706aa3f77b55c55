package app

import (
	"log/slog"
	"net/http"
	"net/http/pprof"
	"time"
)

// serveProfiler serves Go's profiler on its own listener, never on the
// application's port: profiles show internals, so DEBUG_ADDR is meant for
// a loopback address only an operator reaches.
func serveProfiler(addr string) {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	slog.Info("profiler listening", "addr", addr)
	if err := srv.ListenAndServe(); err != nil {
		slog.Warn("profiler stopped", "addr", addr, "err", err)
	}
}
