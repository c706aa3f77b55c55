package main

import "testing"

// The database CPU column counts the bench database's backends and the
// server's own processes, not other databases' backends.
func TestWorksFor(t *testing.T) {
	for title, want := range map[string]bool{
		"/usr/lib/postgresql/15/bin/postgres -D /var/lib/postgresql/15/main": true,
		"postgres: 15/main: checkpointer ":                                   true,
		"postgres: walwriter   ":                                             true,
		"postgres: 15/main: postgres prdesk_bench 127.0.0.1(41234) idle":     true,
		"postgres: 15/main: postgres prdesk_bench [local] SELECT":            true,
		"postgres: postgres prdesk_bench 127.0.0.1(41234) idle":              true,
		"postgres: 15/main: postgres prdesk_fresh_3 127.0.0.1(41234) idle":   false,
		"postgres: 15/main: autovacuum worker prdesk_bench":                  true,
		"postgres: 15/main: autovacuum worker other":                         false,
	} {
		if got := worksFor(title+"\x00", "prdesk_bench"); got != want {
			t.Errorf("worksFor(%q) = %v", title, got)
		}
	}
	if !worksFor("postgres: u other 127.0.0.1(1) idle", "") {
		t.Error("without a database every process counts")
	}
}
