package chaos_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
)

// The files folder fills up: a registration with a scan is refused with a
// message beside the scan field saying so, the form keeps what the clerk
// typed, and nothing of it is saved, no row, no file, no audit entry. Once
// there is room, the same form goes through.
func TestFullDiskRefusesUploadsAndSavesNothing(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	// A small file system of its own, as a full network share would be.
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small tmpfs here (needs root): %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() }) //nolint:errcheck // the test's own mount
	c := startCluster(t)
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, i18n.Riga)
	srv, pool := startApp(t, c, now, dir)
	clerk := signIn(t, srv.URL, "clerk")
	form := petitionForm("full-disk-1", now.Add(-time.Hour), petitionstest.DefaultCase(t, pool).ID, petitionstest.UserID(t, pool, "chair"))
	scan := "%PDF-1.7\n" + strings.Repeat("skenēta lapa ", 30_000) // about 400 KB

	// Fill the disk, then leave less room than the scan needs.
	filler := filepath.Join(dir, "filler")
	fill(t, filler)
	fi, err := os.Stat(filler)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(filler, fi.Size()-64<<10); err != nil {
		t.Fatal(err)
	}

	counts := func() (petitions, files, entries int) {
		t.Helper()
		err := pool.QueryRow(ctx, `select (select count(*) from petitions), (select count(*) from files),
			(select count(*) from audit_log)`).Scan(&petitions, &files, &entries)
		if err != nil {
			t.Fatal(err)
		}
		return
	}
	p0, f0, a0 := counts()
	res, page, err := registerPage(srv.URL, clerk, form, scan)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a scan onto a full disk: %d, want 422: %s", res.StatusCode, page)
	}
	if !strings.Contains(page, "serverī beigusies vieta") {
		t.Error("the page does not say the server ran out of space")
	}
	if !strings.Contains(page, `id="scans-error"`) {
		t.Error("the message is not beside the scan field")
	}
	if !strings.Contains(page, form.Get("subject")) {
		t.Error("the form lost the subject the clerk typed")
	}
	if p, f, a := counts(); p != p0 || f != f0 || a != a0 {
		t.Errorf("after the refusal: %d petitions, %d files, %d audit entries; before %d, %d, %d", p, f, a, p0, f0, a0)
	}
	if tmps, _ := os.ReadDir(filepath.Join(dir, "tmp")); len(tmps) > 0 {
		t.Errorf("%d temporary files left by the refused upload", len(tmps))
	}

	// Room again: the same form, sent again, is saved with its scan.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	res, _, err = registerPage(srv.URL, clerk, form, scan)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("with room again: %d, want 303", res.StatusCode)
	}
	if p, f, _ := counts(); p != p0+1 || f != f0+1 {
		t.Errorf("with room again: %d petitions and %d files, want %d and %d", p, f, p0+1, f0+1)
	}
}

// fill writes to path until the file system is full.
func fill(t *testing.T, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 4<<10)
	for {
		if _, err := f.Write(chunk); err != nil {
			if errors.Is(err, syscall.ENOSPC) {
				return
			}
			t.Fatal(err)
		}
	}
}
