// Package files keeps stored uploads: scans of submissions, photos.
//
// The bytes live on disk under the storage directory, content-addressed by
// their SHA-256 (<dir>/ab/cd/<sha256>); a row in the files table is one
// upload of those bytes under the name it came with. The same scan uploaded
// twice is one blob and two rows. The type is sniffed from the content, never
// taken from the name or the browser's Content-Type, and must be on the
// caller's allow-list.
//
// The row is inserted in the caller's transaction, so a submission whose
// transaction fails keeps no record of its file. Its blob may already be on
// disk by then: Sweep removes blobs no row references once they are older
// than Grace, which is what makes "no file without its record" hold. A
// per-blob advisory lock, held by Save until the caller's transaction ends,
// keeps Sweep from removing a blob that a transaction in flight is about to
// reference.
//
// Which record owns a file is the referencing table's business (a foreign key
// to files.id); so is who may see it: Open and Serve check nothing.
package files

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Media types that can be stored. The files table checks the same list.
const (
	PDF  = "application/pdf"
	JPEG = "image/jpeg"
	PNG  = "image/png"
	TIFF = "image/tiff"
	// Recordings of radio and TV stories, for the media monitoring.
	MP3 = "audio/mpeg"
	M4A = "audio/mp4"
	MP4 = "video/mp4"
	// A Word document (Office Open XML): a ZIP archive, told from any other
	// archive by its word/document.xml once the whole file is staged.
	DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)

// zipType is what Sniff calls a ZIP archive (and so a DOCX, until Stage has
// looked inside).
const zipType = "application/zip"

// MaxFileBytes is the usual limit for one uploaded file (25 MB).
const MaxFileBytes = 25 << 20

// Grace is how old an unreferenced blob must be before Sweep removes it, so
// that uploads still in flight are left alone.
const Grace = time.Hour

// sniffLen is how much of the start of a file the sniffer looks at.
const sniffLen = 512

// File is one stored upload.
type File struct {
	ID        int64     `db:"id"`
	SHA256    string    `db:"sha256"` // hex; names the blob on disk
	Name      string    `db:"name"`   // as uploaded, cleaned of paths and control characters
	MediaType string    `db:"media_type"`
	Size      int64     `db:"size"`
	CreatedAt time.Time `db:"created_at"`
	CreatedBy *int64    `db:"created_by"`
}

type typeInfo struct {
	label string   // what people call it, for "Allowed: PDF, JPEG"
	exts  []string // first is the one added to a download name that lacks it
}

func info(mediaType string) (typeInfo, bool) {
	switch mediaType {
	case PDF:
		return typeInfo{"PDF", []string{".pdf"}}, true
	case JPEG:
		return typeInfo{"JPEG", []string{".jpg", ".jpeg", ".jpe", ".jfif"}}, true
	case PNG:
		return typeInfo{"PNG", []string{".png"}}, true
	case TIFF:
		return typeInfo{"TIFF", []string{".tif", ".tiff"}}, true
	case MP3:
		return typeInfo{"MP3", []string{".mp3"}}, true
	case M4A:
		return typeInfo{"M4A", []string{".m4a"}}, true
	case MP4:
		return typeInfo{"MP4", []string{".mp4"}}, true
	case DOCX:
		return typeInfo{"DOCX", []string{".docx"}}, true
	}
	return typeInfo{}, false
}

// Known tells whether mediaType is one the package can store.
func Known(mediaType string) bool {
	_, ok := info(mediaType)
	return ok
}

// Accept is the accept attribute of a file input that takes mediaTypes:
// their file name extensions, ".pdf,.jpg,.jpeg,...", so that the form's
// file picker and the server's allow-list come from one list.
func Accept(mediaTypes ...string) string {
	var exts []string
	for _, mt := range mediaTypes {
		if ti, ok := info(mt); ok {
			exts = append(exts, ti.exts...)
		}
	}
	return strings.Join(exts, ",")
}

// Sniff names the type of a file from its first bytes (512 are enough).
// Storable types are recognised by their signatures; anything else gets
// http.DetectContentType's answer, without parameters, for the error message.
// http.DetectContentType alone would not do: it does not know TIFF.
func Sniff(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return PDF
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return JPEG
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return PNG
	case bytes.HasPrefix(head, []byte("II*\x00")), bytes.HasPrefix(head, []byte("MM\x00*")):
		return TIFF
	case bytes.HasPrefix(head, []byte("ID3")), len(head) > 1 && head[0] == 0xFF && head[1]&0xE0 == 0xE0:
		return MP3
	case len(head) >= 12 && string(head[4:8]) == "ftyp":
		// An MPEG-4 file names its brand: M4A for sound alone.
		if string(head[8:11]) == "M4A" {
			return M4A
		}
		return MP4
	}
	mt, _, err := mime.ParseMediaType(http.DetectContentType(head))
	if err != nil {
		return "application/octet-stream"
	}
	return mt
}

// Errors a caller shows beside the file field (see Message).
var (
	ErrTooLarge = errors.New("file too large")
	ErrType     = errors.New("file type not allowed")
	ErrEmpty    = errors.New("file is empty")
	ErrTooMany  = errors.New("too many files")
	// ErrNoSpace is the storage directory full (or over its quota): the
	// upload is refused like a file too large, beside its field, and the
	// form keeps everything else the person typed.
	ErrNoSpace = errors.New("no space left for files")
)

// TooLargeError is ErrTooLarge with the limit that was passed.
type TooLargeError struct{ Limit int64 }

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("file larger than %d bytes", e.Limit)
}

func (e *TooLargeError) Is(target error) bool { return target == ErrTooLarge }

// TypeError is ErrType with the type found in the content and the types that were allowed.
type TypeError struct {
	Detected string
	Allowed  []string
}

func (e *TypeError) Error() string {
	return fmt.Sprintf("file of type %s, allowed: %s", e.Detected, strings.Join(e.Allowed, ", "))
}

func (e *TypeError) Is(target error) bool { return target == ErrType }

// TooManyError is ErrTooMany with the number of files a field takes.
type TooManyError struct{ Max int }

// TotalTooLargeError is the files of one request together over
// Limits.TotalBytes. It is ErrTooLarge for errors.Is.
type TotalTooLargeError struct{ Limit int64 }

func (e *TotalTooLargeError) Error() string {
	return fmt.Sprintf("files together larger than %d bytes", e.Limit)
}

// Is makes the error ErrTooLarge.
func (e *TotalTooLargeError) Is(target error) bool { return target == ErrTooLarge }

func (e *TooManyError) Error() string { return fmt.Sprintf("more than %d files", e.Max) }

func (e *TooManyError) Is(target error) bool { return target == ErrTooMany }

// CleanName makes an uploaded name safe to store and show: the last element
// of any path (browsers on Windows have sent "C:\...\scan.pdf"), without
// control or bidirectional-override characters (which can disguise
// "gpj.exe" as "exe.jpg"), trimmed, at most 255 characters with the
// extension kept. An empty result becomes "file" with the type's extension.
func CleanName(name, mediaType string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.ToValidUTF8(name, "")
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "" || name == "." || name == ".." {
		name = "file"
		if ti, ok := info(mediaType); ok {
			name += ti.exts[0]
		}
	}
	const maxLen = 255
	if utf8.RuneCountInString(name) > maxLen {
		ext := filepath.Ext(name)
		if utf8.RuneCountInString(ext) > 16 {
			ext = ""
		}
		stem := []rune(strings.TrimSuffix(name, ext))
		name = string(stem[:maxLen-utf8.RuneCountInString(ext)]) + ext
	}
	return name
}

// DownloadName is the name a file is offered under: its stored name, with the
// extension of its real type added when the name's own does not match (a PNG
// uploaded as "scan.pdf" downloads as "scan.pdf.png"), so the reader's
// computer opens it with the right program.
func DownloadName(f File) string {
	ti, ok := info(f.MediaType)
	if !ok {
		return f.Name
	}
	if slices.Contains(ti.exts, strings.ToLower(filepath.Ext(f.Name))) {
		return f.Name
	}
	return f.Name + ti.exts[0]
}
