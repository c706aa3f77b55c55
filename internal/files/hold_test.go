package files

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// A held upload survives the request that staged it (Discard leaves it),
// comes back as it was, can be saved then, and a held file abandoned is
// swept like any temporary file.
func TestHoldRestoreSaveAndSweep(t *testing.T) {
	s, pool := newStore(t)
	content := []byte("%PDF-1.4\n" + unique("held"))
	st, err := s.Stage("iesniegums.pdf", bytes.NewReader(content), 1<<20, all)
	if err != nil {
		t.Fatal(err)
	}
	h, err := s.Hold(st)
	if err != nil {
		t.Fatal(err)
	}
	st.Discard() // the request's Upload.Close
	if h.Name != "iesniegums.pdf" || h.Size != int64(len(content)) || h.MediaType != PDF || h.SHA256 != sum(content) {
		t.Errorf("held %+v", h)
	}
	back, err := s.Restore(h)
	if err != nil {
		t.Fatalf("restore: %v", err)
	}
	err = pgx.BeginFunc(context.Background(), pool, func(tx pgx.Tx) error {
		_, err := s.SaveStaged(context.Background(), tx, back)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if rowsWith(t, pool, sum(content)) != 1 {
		t.Error("the restored file was not saved")
	}
	if _, err := s.Restore(h); !errors.Is(err, ErrGone) {
		t.Errorf("restoring a saved file: %v", err)
	}

	// Abandoned: swept once Grace old.
	st2, err := s.Stage("otrs.pdf", bytes.NewReader([]byte("%PDF-1.4\n"+unique("abandoned"))), 1<<20, all)
	if err != nil {
		t.Fatal(err)
	}
	h2, err := s.Hold(st2)
	if err != nil {
		t.Fatal(err)
	}
	age(t, filepath.Join(s.Dir(), "tmp", h2.Tmp), Grace+time.Minute)
	if _, err := s.Sweep(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Restore(h2); !errors.Is(err, ErrGone) {
		t.Errorf("an abandoned held file outlived the sweep: %v", err)
	}
	// A name that is not a held file's is never opened.
	for _, bad := range []string{"../files.go", "upload-123", "held-zz"} {
		if _, err := s.Restore(Held{Tmp: bad, MediaType: PDF}); !errors.Is(err, ErrGone) {
			t.Errorf("restore %q: %v", bad, err)
		}
	}
}
