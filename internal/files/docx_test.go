package files

import (
	"archive/zip"
	"bytes"
	"errors"
	"testing"
)

// zipOf is a ZIP archive of the named entries.
func zipOf(t *testing.T, names ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte("<x/>")); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestDOCXIsToldFromOtherArchives: a Word document is stored as DOCX where
// DOCX is allowed; another ZIP archive, or a Word document where DOCX is not
// allowed, is a wrong type and leaves nothing.
func TestDOCXIsToldFromOtherArchives(t *testing.T) {
	s, pool := newStore(t)
	docx := zipOf(t, "[Content_Types].xml", "_rels/.rels", "word/document.xml")
	allowed := []string{PDF, DOCX}
	f, err := save(t, s, pool, "Ieteikums.docx", docx, 1<<20, allowed)
	if err != nil || f.MediaType != DOCX || f.Name != "Ieteikums.docx" {
		t.Fatalf("a Word document: %+v %v", f, err)
	}
	for _, tc := range []struct {
		name    string
		content []byte
		allowed []string
	}{
		{"an archive", zipOf(t, "a.txt", "b.txt"), allowed},
		{"an OpenDocument text", zipOf(t, "mimetype", "content.xml"), allowed},
		{"a Word document where only PDF goes", docx, []string{PDF}},
		{"a broken archive", append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0}, 600)...), allowed},
	} {
		_, err := save(t, s, pool, "x.docx", tc.content, 1<<20, tc.allowed)
		if !errors.Is(err, ErrType) {
			t.Errorf("%s: %v, want a wrong type", tc.name, err)
		}
	}
	if left := onDisk(t, s); len(left) != 1 {
		t.Errorf("on disk after the refusals: %v", left)
	}
}
