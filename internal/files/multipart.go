package files

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// Limits bound one multipart request.
type Limits struct {
	Allowed    []string // media types accepted, e.g. {files.PDF, files.JPEG}
	PerFile    int64    // bytes in one file; 0 means MaxFileBytes
	MaxFiles   int      // files in the whole request; 0 means 5
	FieldBytes int64    // bytes of all text fields together; 0 means 64 KB
	// TotalBytes bounds the files of the request together; 0 means no bound
	// but MaxFiles × PerFile. A file that would pass it is a Problem
	// (*TotalTooLargeError), shown beside its field like one too large.
	TotalBytes int64
}

func (l Limits) withDefaults() Limits {
	if l.PerFile <= 0 {
		l.PerFile = MaxFileBytes
	}
	if l.MaxFiles <= 0 {
		l.MaxFiles = 5
	}
	if l.FieldBytes <= 0 {
		l.FieldBytes = 64 << 10
	}
	return l
}

// RequestBytes is the largest body a request within these limits can have:
// the files, the fields, and room for part headers and boundaries.
func (l Limits) RequestBytes() int64 {
	l = l.withDefaults()
	return int64(l.MaxFiles)*l.PerFile + l.FieldBytes + 1<<20
}

// Problem is a file refused for a reason the person can fix, to be shown
// beside its field (Message gives the text).
type Problem struct {
	Field string
	Name  string // the file's name as sent
	Err   error  // ErrTooLarge, ErrType, ErrEmpty or ErrTooMany (errors.Is)
}

// Upload is what ReadMultipart found: files staged and checked, and the
// ones refused. Close it when the request is done.
type Upload struct {
	Files    []*Staged // in the order they came
	Problems []Problem // in the order they came
}

// Field lists the staged files of one form field.
func (u *Upload) Field(name string) []*Staged {
	var out []*Staged
	for _, f := range u.Files {
		if f.Field == name {
			out = append(out, f)
		}
	}
	return out
}

// Close removes the temporary files of uploads that were not saved.
func (u *Upload) Close() {
	if u == nil {
		return
	}
	for _, f := range u.Files {
		f.Discard()
	}
}

// ReadMultipart reads a multipart/form-data request, streaming each file
// straight into a checked temporary file in the storage directory (Stage),
// and puts the text fields in r.PostForm, where form.Read finds them.
//
// It streams with r.MultipartReader rather than ParseMultipartForm: that
// would first copy every file past its memory limit into os.TempDir (another
// file system, so one more copy to reach the storage directory, and left
// behind unless someone calls RemoveAll), and only then let us look at a
// byte. Streaming writes each file once, where it will be kept, refuses a
// wrong type from its first bytes, and holds at most a small buffer in
// memory whatever the file's size.
//
// A file that is too large, of a type not allowed, empty, or one too many is
// a Problem, not an error: the form is shown again with the message beside
// the field. A body over lim.RequestBytes() is *http.MaxBytesError (413
// through web.Error); a body that is not multipart is errs.Invalid.
// The request's body must not be capped below lim.RequestBytes() by an outer
// http.MaxBytesReader. Saving a staged file is the caller's job, in its
// transaction (SaveStaged); Close the Upload afterwards in every case.
func (s *Store) ReadMultipart(w http.ResponseWriter, r *http.Request, lim Limits) (*Upload, error) {
	lim = lim.withDefaults()
	r.Body = http.MaxBytesReader(w, r.Body, lim.RequestBytes())
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errs.Invalid, err)
	}
	up := &Upload{}
	fields := url.Values{}
	fieldBytes := int64(0)
	files := 0
	total := int64(0)
	tooMany := map[string]bool{}
	overTotal := map[string]bool{}
	fail := func(err error) (*Upload, error) {
		up.Close()
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, err
		}
		return nil, fmt.Errorf("%w: %v", errs.Invalid, err)
	}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fail(err)
		}
		field, filename, isFile := partNames(p.Header.Get("Content-Disposition"))
		if field == "" {
			p.Close()
			continue
		}
		if !isFile {
			b, err := io.ReadAll(io.LimitReader(p, lim.FieldBytes-fieldBytes+1))
			if err != nil {
				return fail(err)
			}
			fieldBytes += int64(len(b))
			if fieldBytes > lim.FieldBytes {
				up.Close()
				return nil, &http.MaxBytesError{Limit: lim.FieldBytes}
			}
			fields.Add(field, string(b))
			continue
		}
		files++
		if files > lim.MaxFiles {
			if !tooMany[field] {
				tooMany[field] = true
				up.Problems = append(up.Problems, Problem{Field: field, Name: filename, Err: &TooManyError{Max: lim.MaxFiles}})
			}
			if _, err := io.Copy(io.Discard, p); err != nil {
				return fail(err)
			}
			continue
		}
		st, err := s.Stage(filename, p, lim.PerFile, lim.Allowed)
		switch {
		case err == nil && lim.TotalBytes > 0 && total+st.Size > lim.TotalBytes:
			st.Discard()
			if !overTotal[field] {
				overTotal[field] = true
				up.Problems = append(up.Problems, Problem{Field: field, Name: filename, Err: &TotalTooLargeError{Limit: lim.TotalBytes}})
			}
		case err == nil:
			st.Field = field
			total += st.Size
			up.Files = append(up.Files, st)
		case filename == "" && errors.Is(err, ErrEmpty):
			// A file input left empty: browsers send a part with no name and no bytes.
			files--
		case errors.Is(err, ErrTooLarge), errors.Is(err, ErrType), errors.Is(err, ErrEmpty), errors.Is(err, ErrNoSpace):
			up.Problems = append(up.Problems, Problem{Field: field, Name: filename, Err: err})
		default:
			return fail(err)
		}
		// The rest of a refused part is skipped by NextPart, within the body's cap.
	}
	r.PostForm = fields
	r.Form = nil
	if err := r.ParseForm(); err != nil {
		up.Close()
		return nil, fmt.Errorf("%w: %v", errs.Invalid, err)
	}
	return up, nil
}

// partNames reads a part's field name and file name. A file part is told from
// a text field by the presence of filename=, even an empty one, which
// Part.FileName cannot show.
func partNames(disposition string) (field, filename string, isFile bool) {
	d, params, err := mime.ParseMediaType(disposition)
	if err != nil || d != "form-data" {
		return "", "", false
	}
	filename, isFile = params["filename"]
	return params["name"], filename, isFile
}

// Message is the text to show beside a file field for err, in the language of
// ctx, and whether err is one of this package's refusals at all.
func Message(ctx context.Context, err error) (string, bool) {
	var tl *TooLargeError
	var te *TypeError
	var tm *TooManyError
	var tt *TotalTooLargeError
	switch {
	case errors.As(err, &tt):
		return i18n.T(ctx, "files.too_large_total", megabytes(ctx, tt.Limit)), true
	case errors.As(err, &tl):
		return i18n.T(ctx, "files.too_large", megabytes(ctx, tl.Limit)), true
	case errors.As(err, &te):
		labels := make([]string, 0, len(te.Allowed))
		for _, mt := range te.Allowed {
			if ti, ok := info(mt); ok {
				labels = append(labels, ti.label)
			}
		}
		return i18n.T(ctx, "files.bad_type", strings.Join(labels, ", ")), true
	case errors.As(err, &tm):
		return i18n.T(ctx, "files.too_many", i18n.Number(int64(tm.Max))), true
	case errors.Is(err, ErrEmpty):
		return i18n.T(ctx, "files.empty"), true
	case errors.Is(err, ErrNoSpace):
		return i18n.T(ctx, "files.no_space"), true
	}
	return "", false
}

// SizeText is a file's size as people read it: 1,5 MB, 240 KB, 90 B.
func SizeText(ctx context.Context, n int64) string {
	switch {
	case n >= 1<<20:
		return i18n.Decimal(ctx, float64(n)/(1<<20), 1) + "\u00a0MB"
	case n >= 1<<10:
		return i18n.Number(n>>10) + "\u00a0KB"
	}
	return i18n.Number(n) + "\u00a0B"
}

// KindName is what a stored file is, in words: a photo, a PDF document.
func KindName(ctx context.Context, mediaType string) string {
	switch mediaType {
	case JPEG, PNG, TIFF:
		return i18n.T(ctx, "files.kind_image")
	case PDF:
		return i18n.T(ctx, "files.kind_pdf")
	case DOCX:
		return i18n.T(ctx, "files.kind_docx")
	}
	return mediaType
}

// megabytes shows a limit in MB (of 2^20 bytes, as file managers count),
// with one decimal when it is not whole.
func megabytes(ctx context.Context, n int64) string {
	const mb = 1 << 20
	if n%mb == 0 {
		return i18n.Number(n / mb)
	}
	return i18n.Decimal(ctx, float64(n)/mb, 1)
}
