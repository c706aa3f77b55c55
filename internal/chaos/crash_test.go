package chaos_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/demo"
	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
	"github.com/daugavpils/prdesk/internal/visitors"
	"github.com/daugavpils/prdesk/internal/visitors/visitorstest"
)

// The server is killed with SIGKILL while twenty desks register submissions
// with scans and book visitors, and started again. Every registration and
// booking whose answer reached its desk is there, with its scan; no stored
// file is without its row nor a row without its file (once the hourly sweep
// has run); and the registration numbers run without a gap.
func TestCrashMidWrite(t *testing.T) {
	ctx := context.Background()
	c := startCluster(t)
	dbURL := c.url("prdesk")
	pool, err := db.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	if err := db.Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	if err := demo.SeedAccounts(ctx, pool); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, i18n.Riga) // a Monday
	filesDir := t.TempDir()
	server := &childServer{t: t, env: []string{
		"DATABASE_URL=" + dbURL, "FILES_DIR=" + filesDir, "PRDESK_CHAOS_NOW=" + now.Format(time.RFC3339),
	}}
	server.start()

	caseID := petitionstest.DefaultCase(t, pool).ID
	chair := petitionstest.UserID(t, pool, "chair")
	weekday := func(d time.Weekday) visitors.Rule {
		r := visitorstest.Weekly(d, visitors.At(8, 0), visitors.At(20, 0))
		r.SlotMinutes = 10
		return r
	}
	official := visitorstest.AddOfficial(t, pool, visitors.Official{Name: "Valdis Liepiņš", Position: "Domes priekšsēdētājs"},
		weekday(time.Monday), weekday(time.Tuesday), weekday(time.Wednesday), weekday(time.Thursday), weekday(time.Friday))
	clerk := signIn(t, server.base, "clerk")
	received := now.Add(-time.Hour)

	// Fourteen desks register, six book: each booking desk its own slots,
	// every tenth minute of the working days ahead, one visitor a slot.
	var load loadResults
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for desk := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			slot := now.Add(time.Duration(desk-13) * 10 * time.Minute)
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				var res *http.Response
				var err error
				if desk < 14 {
					res, err = register(server.base, clerk, petitionForm(fmt.Sprintf("crash-%d-%d", desk, n), received, caseID, chair),
						"%PDF-1.7\nskenēta lapa "+strconv.Itoa(desk)+"-"+strconv.Itoa(n))
				} else {
					slot = slot.Add(6 * 10 * time.Minute)
					res, err = post(server.base, clerk, "/visitors/book", url.Values{
						"official": {strconv.FormatInt(official, 10)}, "start": {strconv.FormatInt(slot.Unix(), 10)},
						"name": {"Elīna Grīnberga"}, "phone": {fmt.Sprintf("+371 26%06d", desk*100000+n)},
						"topic": {"Gājēju pāreja"}, "language": {"lv"},
					})
				}
				load.add(res, err)
				if err != nil {
					// The server is down: wait for it as a person would, briefly.
					time.Sleep(20 * time.Millisecond)
				}
			}
		}()
	}
	stopLoad := func() {
		select {
		case <-stop:
		default:
			close(stop)
			wg.Wait()
		}
	}
	t.Cleanup(stopLoad)

	waitFor(t, "registrations and bookings before the crash", func() bool {
		return len(load.savedIDs("petitions")) >= 20 && len(load.savedIDs("visitors/bookings")) >= 10
	})
	server.kill()
	server.start()
	before := load.saved()
	waitFor(t, "saves after the restart", func() bool { return load.saved() >= before+30 })
	stopLoad()
	server.kill()

	for status, n := range load.statuses() {
		// 422: a slot that is not one (a holiday, past the day's hours).
		if status != http.StatusSeeOther && status != http.StatusUnprocessableEntity {
			t.Errorf("%d answers %d", n, status)
		}
	}
	petitionIDs, bookingIDs := load.savedIDs("petitions"), load.savedIDs("visitors/bookings")
	var found, scanned, booked int
	err = pool.QueryRow(ctx, `select count(*), count(*) filter (where exists (
			select 1 from petition_files f where f.petition_id = p.id and f.kind = 'scan'))
		from petitions p where p.id = any($1)`, petitionIDs).Scan(&found, &scanned)
	if err != nil {
		t.Fatal(err)
	}
	if found != len(petitionIDs) || scanned != len(petitionIDs) {
		t.Errorf("of %d registrations the desks were told were saved, %d are there and %d with their scan", len(petitionIDs), found, scanned)
	}
	if err := pool.QueryRow(ctx, `select count(*) from visit_bookings where id = any($1)`, bookingIDs).Scan(&booked); err != nil {
		t.Fatal(err)
	}
	if booked != len(bookingIDs) {
		t.Errorf("of %d bookings the desks were told were made, %d are there", len(bookingIDs), booked)
	}

	// The numbers: 1, 2, … with none skipped, and the counter at the last.
	var count, last, counter int
	err = pool.QueryRow(ctx, `select count(*), coalesce(max(reg_seq), 0),
			(select coalesce(max(last), 0) from petition_counters where year = 2026)
		from petitions where reg_year = 2026`).Scan(&count, &last, &counter)
	if err != nil {
		t.Fatal(err)
	}
	if count != last || counter != last {
		t.Errorf("%d registrations numbered up to %d, the counter at %d: the numbers have gaps", count, last, counter)
	}

	// Files: blobs of uploads whose transaction the crash cut off are the
	// sweep's to remove once their grace has passed; after it, disk and
	// table agree both ways.
	later := now
	if wall := time.Now(); wall.After(later) {
		later = wall
	}
	later = later.Add(files.Grace + time.Hour)
	store, err := files.NewStore(pool, filesDir, func() time.Time { return later })
	if err != nil {
		t.Fatal(err)
	}
	swept, err := store.Sweep(ctx)
	if err != nil {
		t.Fatal(err)
	}
	onDisk := blobsOnDisk(t, filesDir)
	rows, err := pool.Query(ctx, `select distinct sha256 from files`)
	if err != nil {
		t.Fatal(err)
	}
	inTable := map[string]bool{}
	for rows.Next() {
		var sum string
		if err := rows.Scan(&sum); err != nil {
			t.Fatal(err)
		}
		inTable[sum] = true
		if !onDisk[sum] {
			t.Errorf("file %s has a row and no blob", sum)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for sum := range onDisk {
		if !inTable[sum] {
			t.Errorf("blob %s has no row", sum)
		}
	}
	t.Logf("%d registrations and %d bookings acknowledged, %d numbered, %d blobs, %d swept; answers %v, %d without one",
		len(petitionIDs), len(bookingIDs), last, len(onDisk), swept, load.statuses(), len(load.failures))
}

// blobsOnDisk are the stored files under dir, each checked against its
// name, which is its SHA-256; temporary files are not blobs.
func blobsOnDisk(t *testing.T, dir string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "tmp" {
				entries, err := os.ReadDir(path)
				if err == nil && len(entries) > 0 {
					t.Errorf("%d temporary files left after the sweep", len(entries))
				}
				return fs.SkipDir
			}
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		if hex.EncodeToString(sum[:]) != d.Name() {
			t.Errorf("blob %s: its content does not match its name (written half?)", path)
		}
		out[d.Name()] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// childServer is PR Desk in a process of its own (this test binary, told by
// serveEnv to serve), on the same port each time it starts.
type childServer struct {
	t    *testing.T
	env  []string
	addr string
	base string
	cmd  *exec.Cmd
}

func (s *childServer) start() {
	s.t.Helper()
	if s.addr == "" {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			s.t.Fatal(err)
		}
		s.addr = l.Addr().String()
		l.Close()
		s.base = "http://" + s.addr
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), append(s.env, serveEnv+"="+s.addr)...)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	s.cmd = cmd
	s.t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() }) //nolint:errcheck // killed already, mostly
	waitFor(s.t, "the server to answer /healthz", func() bool {
		res, err := http.Get(s.base + "/healthz")
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == http.StatusOK
	})
}

// kill ends the server as a power cut would: no shutdown, nothing flushed.
func (s *childServer) kill() {
	s.t.Helper()
	if err := s.cmd.Process.Kill(); err != nil {
		s.t.Fatal(err)
	}
	s.cmd.Wait() //nolint:errcheck // "signal: killed"
}

// post sends a form as the browser does.
func post(base string, c *http.Client, path string, form url.Values) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodPost, base+path, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	sameOrigin(req, base)
	res, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	io.Copy(io.Discard, res.Body) //nolint:errcheck
	res.Body.Close()
	return res, nil
}
