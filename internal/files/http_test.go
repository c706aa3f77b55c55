package files

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
)

func TestServe(t *testing.T) {
	s, pool := newStore(t)
	ctx := context.Background()
	content := samplePDF("served")
	saved, err := save(t, s, pool, "Iesniegums_Bērziņš.pdf", content, MaxFileBytes, all)
	if err != nil {
		t.Fatal(err)
	}
	serve := func(inline bool, header http.Header) *http.Response {
		t.Helper()
		f, rc, err := s.Open(ctx, saved.ID)
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		r := httptest.NewRequest(http.MethodGet, "/files/1", nil)
		for k, v := range header {
			r.Header[k] = v
		}
		w := httptest.NewRecorder()
		Serve(w, r, f, rc, inline)
		return w.Result()
	}

	res := serve(true, nil)
	body, _ := io.ReadAll(res.Body)
	want := map[string]string{
		"Content-Type":           PDF,
		"Content-Disposition":    `inline; filename="Iesniegums_Berzins.pdf"; filename*=UTF-8''Iesniegums_B%C4%93rzi%C5%86%C5%A1.pdf`,
		"X-Content-Type-Options": "nosniff",
		"Cache-Control":          "private, max-age=0",
		"Accept-Ranges":          "bytes",
		"Content-Length":         fmt.Sprint(len(content)),
		"Etag":                   `"` + saved.SHA256 + `"`,
		"Last-Modified":          saved.CreatedAt.UTC().Format(http.TimeFormat),
	}
	if res.StatusCode != http.StatusOK || !bytes.Equal(body, content) {
		t.Errorf("status %d, %d bytes", res.StatusCode, len(body))
	}
	for k, v := range want {
		if got := res.Header.Get(k); got != v {
			t.Errorf("%s: %q, want %q", k, got, v)
		}
	}
	// A browser reading filename* gets the Latvian name back exactly.
	_, params, err := mime.ParseMediaType(res.Header.Get("Content-Disposition"))
	if err != nil || params["filename"] != "Iesniegums_Bērziņš.pdf" {
		t.Errorf("decoded name %q, %v", params["filename"], err)
	}

	res = serve(false, nil)
	if d := res.Header.Get("Content-Disposition"); !strings.HasPrefix(d, "attachment; ") {
		t.Errorf("download disposition %q", d)
	}

	res = serve(true, http.Header{"Range": {"bytes=0-4"}})
	body, _ = io.ReadAll(res.Body)
	if res.StatusCode != http.StatusPartialContent || string(body) != "%PDF-" ||
		res.Header.Get("Content-Range") != fmt.Sprintf("bytes 0-4/%d", len(content)) {
		t.Errorf("range: %d %q %q", res.StatusCode, body, res.Header.Get("Content-Range"))
	}
	res = serve(true, http.Header{"Range": {fmt.Sprintf("bytes=%d-", len(content)-6)}})
	body, _ = io.ReadAll(res.Body)
	if res.StatusCode != http.StatusPartialContent || string(body) != "%%EOF\n" {
		t.Errorf("tail range: %d %q", res.StatusCode, body)
	}

	res = serve(true, http.Header{"If-None-Match": {`"` + saved.SHA256 + `"`}})
	if res.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: status %d", res.StatusCode)
	}
}

func TestServeNeverLetsTheBrowserRunAFile(t *testing.T) {
	w := httptest.NewRecorder()
	f := File{Name: "x.html", MediaType: "text/html", Size: 5, CreatedAt: time.Now()}
	Serve(w, httptest.NewRequest(http.MethodGet, "/", nil), f, strings.NewReader("<b>x</b>"), true)
	if ct, cd := w.Header().Get("Content-Type"), w.Header().Get("Content-Disposition"); ct != "application/octet-stream" || !strings.HasPrefix(cd, "attachment;") {
		t.Errorf("unknown type served as %q, %q", ct, cd)
	}
}

func TestContentDisposition(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"plain.pdf", `attachment; filename="plain.pdf"; filename*=UTF-8''plain.pdf`},
		{`Līgums "ĀŽ" 2026.pdf`, `attachment; filename="Ligums _AZ_ 2026.pdf"; filename*=UTF-8''L%C4%ABgums%20%22%C4%80%C5%BD%22%202026.pdf`},
		{"Фото;1.jpg", `attachment; filename="____;1.jpg"; filename*=UTF-8''%D0%A4%D0%BE%D1%82%D0%BE%3B1.jpg`},
	} {
		if got := ContentDisposition(false, tc.name); got != tc.want {
			t.Errorf("%q:\n got %s\nwant %s", tc.name, got, tc.want)
		}
		_, params, err := mime.ParseMediaType(ContentDisposition(false, tc.name))
		if err != nil || params["filename"] != tc.name {
			t.Errorf("%q decodes to %q, %v", tc.name, params["filename"], err)
		}
	}
}

// multipartBody builds a form; a part is a text field when file is nil and
// isFile false.
type part struct {
	field, filename string
	isFile          bool
	content         []byte
}

func multipartRequest(t *testing.T, parts []part) *http.Request {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		if p.isFile {
			h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, p.field, p.filename))
			// What the browser claims is ignored.
			h.Set("Content-Type", "application/pdf")
		} else {
			h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q`, p.field))
		}
		w, err := mw.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(p.content)
	}
	mw.Close()
	r := httptest.NewRequest(http.MethodPost, "/petitions/new?from=list", &b)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	return r.WithContext(i18n.WithLocale(r.Context(), "lv"))
}

func TestReadMultipart(t *testing.T) {
	s, pool := newStore(t)
	ctx := context.Background()
	pdf, png := samplePDF("multipart"), samplePNG(t, 11)
	big := append(samplePDF("big"), bytes.Repeat([]byte{'%', '\n'}, 600)...)
	r := multipartRequest(t, []part{
		{field: "title", content: []byte("Bērziņa iesniegums")},
		{field: "scan", filename: "Iesniegums_Bērziņš.pdf", isFile: true, content: pdf},
		{field: "scan", filename: "setup.pdf", isFile: true, content: sampleEXE()},
		{field: "photo", filename: "", isFile: true},
		{field: "scan", filename: "liels.pdf", isFile: true, content: big},
		{field: "photo", filename: "foto.pdf", isFile: true, content: png},
		{field: "note", content: []byte("otrā rinda\r\nun trešā")},
	})
	up, err := s.ReadMultipart(httptest.NewRecorder(), r, Limits{Allowed: all, PerFile: 1000})
	if err != nil {
		t.Fatal(err)
	}
	defer up.Close()

	v, err := form.Read(r)
	if err != nil {
		t.Fatal(err)
	}
	if got := v.Text("title", true, 200); got != "Bērziņa iesniegums" {
		t.Errorf("title = %q", got)
	}
	if got := v.Text("note", false, 200); got != "otrā rinda\nun trešā" {
		t.Errorf("note = %q", got)
	}
	if got := r.FormValue("from"); got != "list" {
		t.Errorf("query value = %q", got)
	}

	if len(up.Files) != 2 || len(up.Field("scan")) != 1 || len(up.Field("photo")) != 1 {
		t.Fatalf("staged %+v", up.Files)
	}
	if st := up.Field("scan")[0]; st.Name != "Iesniegums_Bērziņš.pdf" || st.MediaType != PDF || st.SHA256 != sum(pdf) {
		t.Errorf("scan staged as %+v", st)
	}
	if st := up.Field("photo")[0]; st.MediaType != PNG || st.Size != int64(len(png)) {
		t.Errorf("photo staged as %+v", st)
	}
	if len(up.Problems) != 2 {
		t.Fatalf("problems %+v", up.Problems)
	}
	if p := up.Problems[0]; p.Field != "scan" || p.Name != "setup.pdf" || !errors.Is(p.Err, ErrType) {
		t.Errorf("first problem %+v", p)
	}
	if p := up.Problems[1]; p.Field != "scan" || p.Name != "liels.pdf" || !errors.Is(p.Err, ErrTooLarge) {
		t.Errorf("second problem %+v", p)
	}
	msg, ok := Message(r.Context(), up.Problems[0].Err)
	if !ok || msg != "Šāda veida failu pievienot nevar. Atļauts: PDF, JPEG, PNG, TIFF." {
		t.Errorf("message %q", msg)
	}

	// The person fixes the form; this time the area saves what was staged.
	var saved File
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		saved, err = s.SaveStaged(ctx, tx, up.Field("scan")[0])
		return err
	})
	if err != nil || saved.Name != "Iesniegums_Bērziņš.pdf" {
		t.Fatalf("SaveStaged: %+v, %v", saved, err)
	}
	if _, err := s.SaveStaged(ctx, nil, up.Field("scan")[0]); err == nil {
		t.Error("a staged file saved twice")
	}
	up.Close()
	if tmp, _ := os.ReadDir(filepath.Join(s.Dir(), "tmp")); len(tmp) != 0 {
		t.Errorf("temporary files left after Close: %v", tmp)
	}
}

func TestReadMultipartLimits(t *testing.T) {
	s, _ := newStore(t)
	var parts []part
	for i := range 4 {
		parts = append(parts, part{field: "photos", filename: fmt.Sprintf("%d.png", i), isFile: true, content: samplePNG(t, uint8(i))})
	}
	up, err := s.ReadMultipart(httptest.NewRecorder(), multipartRequest(t, parts), Limits{Allowed: all, MaxFiles: 3})
	if err != nil {
		t.Fatal(err)
	}
	up.Close()
	if len(up.Files) != 3 || len(up.Problems) != 1 || !errors.Is(up.Problems[0].Err, ErrTooMany) {
		t.Errorf("files %d, problems %+v", len(up.Files), up.Problems)
	}

	// A body past the whole request's cap is an error of the request, and keeps nothing.
	lim := Limits{Allowed: all, PerFile: 1000, MaxFiles: 1, FieldBytes: 100}
	huge := bytes.Repeat([]byte("x"), int(lim.RequestBytes()))
	_, err = s.ReadMultipart(httptest.NewRecorder(), multipartRequest(t, []part{
		{field: "a", filename: "a.png", isFile: true, content: samplePNG(t, 1)},
		{field: "b", filename: "b.bin", isFile: true, content: huge},
	}), lim)
	var mbe *http.MaxBytesError
	if !errors.As(err, &mbe) {
		t.Errorf("huge body: %v", err)
	}
	_, err = s.ReadMultipart(httptest.NewRecorder(), multipartRequest(t, []part{
		{field: "text", content: bytes.Repeat([]byte("ā"), 100)},
	}), lim)
	if !errors.As(err, &mbe) {
		t.Errorf("long text fields: %v", err)
	}
	if left := onDisk(t, s); len(left) != 0 {
		t.Errorf("left on disk: %v", left)
	}

	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader("a=1"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if _, err := s.ReadMultipart(httptest.NewRecorder(), r, lim); !errors.Is(err, errs.Invalid) {
		t.Errorf("not multipart: %v", err)
	}
}

func TestMessage(t *testing.T) {
	lv := i18n.WithLocale(context.Background(), "lv")
	en := i18n.WithLocale(context.Background(), "en")
	for _, tc := range []struct {
		ctx  context.Context
		err  error
		want string
	}{
		{lv, &TooLargeError{Limit: MaxFileBytes}, "Fails ir par lielu: ne vairāk kā 25 MB."},
		{en, &TooLargeError{Limit: MaxFileBytes}, "The file is too large: at most 25 MB."},
		{lv, &TooLargeError{Limit: 3 << 19}, "Fails ir par lielu: ne vairāk kā 1,5 MB."},
		{en, &TooLargeError{Limit: 3 << 19}, "The file is too large: at most 1.5 MB."},
		{lv, &TypeError{Detected: "text/html", Allowed: []string{PDF, TIFF}}, "Šāda veida failu pievienot nevar. Atļauts: PDF, TIFF."},
		{en, fmt.Errorf("wrapped: %w", &TypeError{Detected: "text/html", Allowed: []string{JPEG}}), "Files of this kind cannot be added. Allowed: JPEG."},
		{lv, ErrEmpty, "Fails ir tukšs."},
		{lv, &TooManyError{Max: 5}, "Pievienoto failu skaits nedrīkst pārsniegt 5."},
	} {
		got, ok := Message(tc.ctx, tc.err)
		if !ok || got != tc.want {
			t.Errorf("Message(%v) = %q, %v; want %q", tc.err, got, ok, tc.want)
		}
	}
	if _, ok := Message(lv, errors.New("disk full")); ok {
		t.Error("an internal error got a message for the person")
	}
}
