package awards_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/daugavpils/prdesk/internal/app"
	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/awards"
	at "github.com/daugavpils/prdesk/internal/awards/awardstest"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
)

// wordDocument is the smallest ZIP a Word document is told by.
func wordDocument(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, n := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml"} {
		w, err := zw.Create(n)
		if err == nil {
			_, err = w.Write([]byte("<?xml version=\"1.0\"?><x/>"))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func pdfOf(n int) []byte {
	return append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("x"), n)...)
}

// TestPublicNominationWithDocuments: a nominator attaches documents to the
// public form; a wrong type, a file too large and files too large together
// bring the form back with the message beside the field, what was typed
// kept and nothing saved; good files are saved with the nomination and its
// audit entry, and staff open them from the nomination's card.
func TestPublicNominationWithDocuments(t *testing.T) {
	// An app of its own: its rate limiter counts only this test's posts.
	srv := apptest.NewWithConfig(t, func(*app.Config) {})
	ctx := context.Background()
	u := contactstest.Unique()
	ty := at.AddType(t, srv.Pool, "")
	today := srv.Clock.Now()
	rd := at.AddRoundOn(t, srv.Pool, ty.ID, today.AddDate(0, 0, -1), today.AddDate(0, 0, 10))
	at.SetStatus(t, srv.Pool, rd.ID, awards.Open)
	anon := srv.Anonymous(t)
	path := "/nominate/" + rd.Token
	nominee := fmt.Sprintf("Anna Kalniņa %d", u)
	form := func(idem string) url.Values {
		return url.Values{"nominee_kind": {"person"}, "nominee_name": {nominee}, "nominator_kind": {"person"},
			"nominator_name": {"Rita Ābola"}, "email": {"rita@example.lv"}, "justification": {"Ilggadējs brīvprātīgais darbs"},
			"consent_nominated": {"on"}, "idem": {idem}}
	}
	page := anon.Get(t, path)
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, `enctype="multipart/form-data"`) ||
		!strings.Contains(page.Body, `name="files"`) {
		t.Fatalf("the public form has no documents' field: %d", page.StatusCode)
	}
	docName := fmt.Sprintf("Ieteikums-%d.pdf", u)
	for _, tc := range []struct {
		name  string
		files []apptest.File
		want  string
	}{
		{"a wrong type", []apptest.File{{Field: "files", Name: docName, Content: pdfOf(100)},
			{Field: "files", Name: "vēstule.pdf", Content: []byte("Šis nav PDF, tikai teksts")}},
			"Šāda veida failu pievienot nevar. Atļauts: PDF, JPEG, PNG, DOCX."},
		{"a zip that is no Word document", []apptest.File{{Field: "files", Name: "arhīvs.docx", Content: func() []byte {
			var b bytes.Buffer
			zw := zip.NewWriter(&b)
			w, _ := zw.Create("a.txt")
			w.Write([]byte("a")) //nolint:errcheck
			zw.Close()           //nolint:errcheck
			return b.Bytes()
		}()}}, "Šāda veida failu pievienot nevar."},
		{"a file too large", []apptest.File{{Field: "files", Name: docName, Content: pdfOf(10 << 20)}},
			"Fails ir par lielu: ne vairāk kā 10 MB."},
		{"files too large together", []apptest.File{{Field: "files", Name: "1.pdf", Content: pdfOf(8 << 20)},
			{Field: "files", Name: "2.pdf", Content: pdfOf(8 << 20)}, {Field: "files", Name: "3.pdf", Content: pdfOf(8 << 20)}},
			"Faili kopā ir par lielu: ne vairāk kā 20 MB."},
	} {
		res := anon.PostMultipart(t, path, form(fmt.Sprintf("docs-bad-%d-%d", u, len(tc.want))), tc.files...)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("%s: %d", tc.name, res.StatusCode)
		}
		if !strings.Contains(res.Body, `id="files-error"`) || !strings.Contains(res.Body, tc.want) {
			t.Errorf("%s: no message %q beside the field", tc.name, tc.want)
		}
		if !strings.Contains(res.Body, `value="`+nominee+`"`) || !strings.Contains(res.Body, "Ilggadējs brīvprātīgais darbs") {
			t.Errorf("%s: what was typed is lost", tc.name)
		}
		if !strings.Contains(res.Body, "pievienojiet tos vēlreiz") {
			t.Errorf("%s: the form does not ask for the files again", tc.name)
		}
		if n := count(t, srv, `select count(*) from award_nominations where nominee_name = $1`, nominee); n != 0 {
			t.Fatalf("%s: %d nominations saved", tc.name, n)
		}
		if n := count(t, srv, `select count(*) from files where name = $1`, docName); n != 0 {
			t.Fatalf("%s: %d files saved", tc.name, n)
		}
	}

	// Good files: a PDF and a Word document, saved with the nomination.
	docx := wordDocument(t)
	res := anon.PostMultipart(t, path, form(fmt.Sprintf("docs-good-%d", u)),
		apptest.File{Field: "files", Name: docName, Content: pdfOf(2000)},
		apptest.File{Field: "files", Name: "Pieredze.docx", Content: docx})
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Paldies") {
		t.Fatalf("public nomination with documents: %d %s", res.StatusCode, res.Body)
	}
	var nid int64
	if err := srv.Pool.QueryRow(ctx, `select id from award_nominations where nominee_name = $1`, nominee).Scan(&nid); err != nil {
		t.Fatal(err)
	}
	if n := count(t, srv, `select count(*) from award_nomination_files nf join files f on f.id = nf.file_id
			where nf.nomination_id = $1 and f.media_type in ('application/pdf',
				'application/vnd.openxmlformats-officedocument.wordprocessingml.document')`, nid); n != 2 {
		t.Fatalf("%d documents saved with the nomination", n)
	}
	if n := count(t, srv, `select count(*) from audit_log where entity = 'award_nomination' and entity_id = $1
			and action = 'award_public' and summary like '%dokumenti: 2'`, fmt.Sprint(nid)); n != 1 {
		t.Fatalf("%d audit entries naming the documents", n)
	}

	// Staff see them on the card as staff-entered ones, and open them.
	staff := srv.Client(t, "staff")
	card := staff.Get(t, fmt.Sprintf("/awards/nominations/%d", nid))
	if card.StatusCode != http.StatusOK || !strings.Contains(card.Body, docName) || !strings.Contains(card.Body, "Pieredze.docx") {
		t.Fatalf("the card lacks the documents: %d", card.StatusCode)
	}
	var docxID int64
	if err := srv.Pool.QueryRow(ctx, `select f.id from award_nomination_files nf join files f on f.id = nf.file_id
			where nf.nomination_id = $1 and f.name = 'Pieredze.docx'`, nid).Scan(&docxID); err != nil {
		t.Fatal(err)
	}
	dl := staff.Get(t, fmt.Sprintf("/awards/nominations/%d/files/%d", nid, docxID))
	if dl.StatusCode != http.StatusOK || dl.Body != string(docx) ||
		!strings.HasPrefix(dl.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("the Word document: %d %q", dl.StatusCode, dl.Header.Get("Content-Disposition"))
	}
}

// TestStaffNominationTakesTheSameKindsAsThePublicForm: staff's own
// nomination form takes the kinds of document the public form takes (one
// list for both), a Word document included; its file input offers them,
// and a ZIP that is no Word document is refused with the same message.
func TestStaffNominationTakesTheSameKindsAsThePublicForm(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	ctx := context.Background()
	u := contactstest.Unique()
	ty := at.AddType(t, srv.Pool, "")
	today := srv.Clock.Now()
	rd := at.AddRoundOn(t, srv.Pool, ty.ID, today.AddDate(0, 0, -1), today.AddDate(0, 0, 10))
	at.SetStatus(t, srv.Pool, rd.ID, awards.Open)
	nominee := contactstest.NewPerson(t, srv.Pool, "Dace", fmt.Sprintf("Dokumente%d", u))
	org := contactstest.Org(t, srv.Pool, fmt.Sprintf("Biedrība Dokumenti %d", u), contacts.NGO)
	newPage := staff.Get(t, fmt.Sprintf("/awards/rounds/%d/nominations/new", rd.ID))
	publicPage := srv.Anonymous(t).Get(t, "/nominate/"+rd.Token)
	for name, page := range map[string]string{"staff's": newPage.Body, "the public": publicPage.Body} {
		if !strings.Contains(page, `accept=".pdf,.jpg,.jpeg,.jpe,.jfif,.png,.docx"`) {
			t.Errorf("%s form's file input does not offer the same kinds", name)
		}
	}
	form := func(idem string) url.Values {
		return url.Values{"nominee_kind": {"person"}, "nominee_id": {fmt.Sprint(nominee)}, "nominator_kind": {"organisation"},
			"nominator_id": {fmt.Sprint(org)}, "justification": {"Ilggadējs darbs kultūrā"}, "idem": {idem}}
	}
	path := fmt.Sprintf("/awards/rounds/%d/nominations", rd.ID)
	notWord := func() []byte {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		w, _ := zw.Create("notes.txt")
		_, _ = w.Write([]byte("nav Word dokuments"))
		_ = zw.Close()
		return b.Bytes()
	}()
	res := staff.PostMultipart(t, path, form(fmt.Sprintf("staff-zip-%d", u)), apptest.File{Field: "files", Name: "arhīvs.docx", Content: notWord})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Atļauts: PDF, JPEG, PNG, DOCX.") {
		t.Fatalf("a ZIP that is no Word document: %d", res.StatusCode)
	}
	res = staff.PostMultipart(t, path, form(fmt.Sprintf("staff-docx-%d", u)),
		apptest.File{Field: "files", Name: "Ieteikums.docx", Content: wordDocument(t)})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("staff's nomination with a Word document: %d", res.StatusCode)
	}
	var nid int64
	if err := srv.Pool.QueryRow(ctx, `select id from award_nominations where nominee_contact_id = $1`, nominee).Scan(&nid); err != nil {
		t.Fatal(err)
	}
	if n := count(t, srv, `select count(*) from award_nomination_files nf join files f on f.id = nf.file_id
			where nf.nomination_id = $1 and f.media_type = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'`, nid); n != 1 {
		t.Fatalf("%d Word documents saved with staff's nomination", n)
	}
}
