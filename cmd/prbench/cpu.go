package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// clockTick is the kernel's unit of process CPU time in /proc (USER_HZ,
// 100 on Linux everywhere it matters here).
const clockTick = 10 * time.Millisecond

// cpuTime is the user plus system time a process has used, from
// /proc/<pid>/stat; zero when it cannot be read (the process has gone).
func cpuTime(pid string) time.Duration {
	b, err := os.ReadFile(filepath.Join("/proc", pid, "stat"))
	if err != nil {
		return 0
	}
	// The command may hold spaces and parentheses; the fields follow the last ')'.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0
	}
	// After the command: state is field 3, utime 14 and stime 15 (man 5 proc).
	user, err1 := strconv.ParseInt(f[11], 10, 64)
	system, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0
	}
	return time.Duration(user+system) * clockTick
}

// cpuSample is the CPU time used so far by the server and by the
// PostgreSQL processes that work for the bench: the bench database's
// backends and the server's own processes (checkpointer, WAL writer …),
// not the backends of other databases, which other work on a shared
// server keeps busy.
type cpuSample struct{ app, db time.Duration }

// benchDatabase is the database whose backends count (run sets it); ""
// counts every PostgreSQL process.
var benchDatabase string

func sampleCPU(serverPID int) cpuSample {
	s := cpuSample{app: cpuTime(strconv.Itoa(serverPID))}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		if name := e.Name(); name[0] >= '0' && name[0] <= '9' {
			if comm, err := os.ReadFile(filepath.Join("/proc", name, "comm")); err == nil && strings.TrimSpace(string(comm)) == "postgres" {
				if cmdline, err := os.ReadFile(filepath.Join("/proc", name, "cmdline")); err == nil && worksFor(string(cmdline), benchDatabase) {
					s.db += cpuTime(name)
				}
			}
		}
	}
	return s
}

// worksFor tells whether the PostgreSQL process of the title (its
// command line: "postgres: 15/main: user db 127.0.0.1(5678) idle") works
// for the database db: a backend or an autovacuum worker of db, or one of
// the server's own processes.
func worksFor(title, db string) bool {
	if db == "" {
		return true
	}
	title = strings.TrimSpace(strings.ReplaceAll(title, "\x00", " "))
	rest, ok := strings.CutPrefix(title, "postgres: ")
	if !ok {
		return true // the postmaster
	}
	f := strings.Fields(rest)
	if len(f) > 0 && strings.HasSuffix(f[0], ":") { // the cluster's name
		f = f[1:]
	}
	switch {
	case len(f) >= 3 && (strings.HasSuffix(f[2], ")") || f[2] == "[local]"):
		return f[1] == db
	case len(f) >= 3 && f[0] == "autovacuum" && f[1] == "worker":
		return f[2] == db
	}
	return true
}

// dbProcesses is the CPU time so far of each PostgreSQL process that works
// for the bench database, by pid.
func dbProcesses() map[string]time.Duration {
	out := map[string]time.Duration{}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		if name := e.Name(); name[0] >= '0' && name[0] <= '9' {
			if comm, err := os.ReadFile(filepath.Join("/proc", name, "comm")); err == nil && strings.TrimSpace(string(comm)) == "postgres" {
				if cmdline, err := os.ReadFile(filepath.Join("/proc", name, "cmdline")); err == nil && worksFor(string(cmdline), benchDatabase) {
					out[name] = cpuTime(name)
				}
			}
		}
	}
	return out
}

// dbCPUTracker follows the bench database's PostgreSQL processes through
// a long run, once a second. Two samples, as the bench takes, would miss
// (or, for one alive at the first, subtract) a connection that the
// servers' pools close in between and a parallel worker that comes and
// goes: here each counts from its first sample, or from zero when it
// began after the tracker, to its last, losing at most a second of it.
type dbCPUTracker struct {
	first, last map[string]time.Duration
	stop, done  chan struct{}
}

func trackDBCPU() *dbCPUTracker {
	t := &dbCPUTracker{first: dbProcesses(), last: map[string]time.Duration{}, stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(t.done)
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			for pid, d := range dbProcesses() {
				t.last[pid] = d
			}
			select {
			case <-t.stop:
				return
			case <-tick.C:
			}
		}
	}()
	return t
}

// total stops the tracker and gives the CPU time used since it began.
func (t *dbCPUTracker) total() time.Duration {
	close(t.stop)
	<-t.done
	var sum time.Duration
	for pid, d := range t.last {
		if d > t.first[pid] { // a pid used again by a new process counts from its own start
			sum += d - t.first[pid]
		} else if d < t.first[pid] {
			sum += d
		}
	}
	return sum
}
