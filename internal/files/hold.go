package files

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
)

// Held is a staged upload kept between two requests of one form: a form
// refused for another field keeps the files already chosen, so that nobody
// chooses them again (browsers cannot be given files back). It is what the
// file is and where it waits in the storage directory's tmp; the form keeps
// it on the server (internal/drafts), never in the page.
//
// A held file is a temporary file like any other: Sweep removes it once it
// is Grace old, so a form abandoned half-way leaves nothing behind. Hold
// and Restore renew its time.
type Held struct {
	Name      string `json:"name"`
	MediaType string `json:"media_type"`
	Size      int64  `json:"size"`
	SHA256    string `json:"sha256"`
	Tmp       string `json:"tmp"` // its name in tmp
}

var heldName = regexp.MustCompile(`^held-[0-9a-f]{32}$`)

// ErrGone is a held file no longer there (swept, or restored already).
var ErrGone = errors.New("files: the held file is gone")

// Hold keeps st for a later request: its temporary file gets a name of its
// own, which Discard (Upload.Close) leaves alone, and a fresh time.
func (s *Store) Hold(st *Staged) (Held, error) {
	if st == nil || st.path == "" {
		return Held{}, errors.New("files: upload already saved or discarded")
	}
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return Held{}, err
	}
	name := "held-" + hex.EncodeToString(b)
	to := filepath.Join(s.tmpDir(), name)
	if err := os.Rename(st.path, to); err != nil {
		return Held{}, fmt.Errorf("files: %w", err)
	}
	st.path = ""
	now := s.now()
	if err := os.Chtimes(to, now, now); err != nil {
		return Held{}, fmt.Errorf("files: %w", err)
	}
	return Held{Name: st.Name, MediaType: st.MediaType, Size: st.Size, SHA256: st.SHA256, Tmp: name}, nil
}

// Restore gives back a held file as an upload staged for SaveStaged (or
// Hold again, or Discard). ErrGone when it is no longer there or not as
// held.
func (s *Store) Restore(h Held) (*Staged, error) {
	if !heldName.MatchString(h.Tmp) || !Known(h.MediaType) {
		return nil, ErrGone
	}
	path := filepath.Join(s.tmpDir(), h.Tmp)
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != h.Size {
		return nil, ErrGone
	}
	now := s.now()
	if err := os.Chtimes(path, now, now); err != nil {
		return nil, ErrGone
	}
	return &Staged{Name: h.Name, MediaType: h.MediaType, Size: h.Size, SHA256: h.SHA256, path: path}, nil
}
