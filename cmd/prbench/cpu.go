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

// cpuSample is the CPU time used so far by the server and by every
// PostgreSQL process on this machine.
type cpuSample struct{ app, db time.Duration }

func sampleCPU(serverPID int) cpuSample {
	s := cpuSample{app: cpuTime(strconv.Itoa(serverPID))}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		if name := e.Name(); name[0] >= '0' && name[0] <= '9' {
			if comm, err := os.ReadFile(filepath.Join("/proc", name, "comm")); err == nil && strings.TrimSpace(string(comm)) == "postgres" {
				s.db += cpuTime(name)
			}
		}
	}
	return s
}
