package petitions_test

import (
	"bytes"
	"compress/zlib"
	"context"
	"io"
	"net/http"
	"net/url"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// subjPerson registers a submission over HTTP for the person in change.
func subjRegister(t *testing.T, srv *apptest.Server, change func(url.Values)) (int64, string) {
	t.Helper()
	form := regValid(t, srv)
	change(form)
	id := regCreated(t, regPost(t, srv, srv.Client(t, "staff"), form))
	var number string
	if err := srv.Pool.QueryRow(context.Background(), `select reg_number from petitions where id = $1`, id).Scan(&number); err != nil {
		t.Fatal(err)
	}
	return id, number
}

func subjAudits(t *testing.T, srv *apptest.Server) (int, []string) {
	t.Helper()
	rows, err := srv.Pool.Query(context.Background(), `select summary || ' ' || coalesce(details::text, '') from audit_log
		where entity = 'privacy_request' order by id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return len(out), out
}

// The registry's part of a data subject's request, on the one request page
// (/privacy): the person's submissions by each key, nobody else's, and
// everything they hold in the extract. The registry's former request page
// sends its lookups there.
func TestPersonRequestFindsThePersonAndNobodyElse(t *testing.T) {
	srv := server(t)
	staff := srv.Client(t, "staff")
	code := "150387-" + regCheckSerial("150387", "1468")
	other := "150387-" + regCheckSerial("150387", "1357")

	a, aNo := subjRegister(t, srv, func(f url.Values) {
		f.Set("person_name", "Ņina Žīgure")
		f.Set("person_code", code)
		f.Set("person_email", "Nina.Zigure@example.lv")
		f.Set("person_phone", "+371 2955 1468")
		f.Set("subject", "Ūdens noplūde Ģimnāzijas ielā pie Šķūņa")
		f.Set("summary", "Pagalmā kļūst arvien ļaunāk; lūdz novērst čūskveida plaisu.")
	})
	// The same person, registered with her names the other way round and without an e-mail.
	_, bNo := subjRegister(t, srv, func(f url.Values) {
		f.Set("person_name", "Žīgure Ņina")
		f.Set("person_code", code)
		f.Set("person_email", "")
		f.Set("person_phone", "")
		f.Set("reply_channel", "post")
		f.Set("subject", "Koku zāģēšana Dubrovina parkā")
	})
	// Namesakes and strangers.
	_, cNo := subjRegister(t, srv, func(f url.Values) {
		f.Set("person_name", "Ņina Zīle")
		f.Set("person_code", other)
		f.Set("person_email", "nina.zile@example.lv")
		f.Set("person_phone", "+37129551469")
	})
	_, dNo := subjRegister(t, srv, func(f url.Values) {
		f.Set("person_name", "Andris Žīgurs")
		f.Set("person_code", "")
		f.Set("person_email", "andris@example.lv")
	})
	// Give a a resolution and an answer, so the extract has them.
	if _, err := srv.Pool.Exec(context.Background(), `update petitions set resolution_text = 'Sagatavot atbildi līdz mēneša beigām.' where id = $1`, a); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Pool.Exec(context.Background(), `insert into petition_answers (petition_id, reg_number, answered_on, channel, body)
		values ($1, $2, current_date, 'email', 'Atbildam, ka noplūde novērsta; paldies par ziņu.')`, a, "ATB-"+aNo); err != nil {
		t.Fatal(err)
	}

	search := func(key, q string) *apptest.Response {
		t.Helper()
		return staff.Get(t, "/privacy?"+url.Values{key: {q}}.Encode())
	}
	before, _ := subjAudits(t, srv)
	for _, tc := range []struct {
		name, key, q string
		want         []string
	}{
		{"code without the hyphen", "code", strings.ReplaceAll(code, "-", ""), []string{aNo, bNo}},
		{"name without diacritics, any order", "name", "nina zigure", []string{aNo, bNo}},
		{"name as registered", "name", "Žīgure Ņina", []string{aNo, bNo}},
		{"e-mail in another case", "email", "nina.zigure@EXAMPLE.lv", []string{aNo}},
		{"phone without the country code", "phone", "29551468", []string{aNo}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := search(tc.key, tc.q)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d", res.StatusCode)
			}
			area := res.Body[strings.Index(res.Body, `data-testid="privacy-area-petitions"`):]
			area = area[:strings.Index(area, "</section>")]
			found := regexp.MustCompile(`<a href="/petitions/\d+">([^<]+)</a>`).FindAllStringSubmatch(area, -1)
			var got []string
			for _, m := range found {
				got = append(got, m[1])
			}
			if strings.Join(got, " ") != strings.Join(reverse(tc.want), " ") {
				t.Errorf("found %v, want %v (newest first)", got, reverse(tc.want))
			}
			for _, no := range []string{cNo, dNo} {
				if strings.Contains(res.Body, ">"+no+"<") {
					t.Errorf("found another person's %s", no)
				}
			}
			if !strings.Contains(res.Body, `href="/privacy/extract.pdf?`) {
				t.Error("no link to the PDF with the same query")
			}
		})
	}

	// Bad keys are refused beside the field.
	lv := i18n.WithLocale(context.Background(), "lv")
	for _, tc := range []struct{ key, q, msg string }{
		{"code", "150387-00000", "privacy.err_code_check_digit"},
		{"email", "nina@", "field.invalid_email"},
		{"name", "Ņ", "privacy.err_name_short"},
		{"name", "", "privacy.err_none"},
		{"phone", "12ab", "privacy.err_phone"},
	} {
		res := search(tc.key, tc.q)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, i18n.T(lv, tc.msg)) {
			t.Errorf("%s %q: status %d, want 422 with %q", tc.key, tc.q, res.StatusCode, tc.msg)
		}
	}

	// Every search is audited with the kinds of key and what was disclosed, never the key.
	n, entries := subjAudits(t, srv)
	if n-before != 5 {
		t.Fatalf("%d audit entries for 5 searches", n-before)
	}
	for _, e := range entries[before:] {
		for _, secret := range []string{code, strings.ReplaceAll(code, "-", ""), "Žīgure", "zigure", "ZIGURE", "example", "29551468"} {
			if strings.Contains(strings.ToLower(e), strings.ToLower(secret)) {
				t.Errorf("audit entry holds the key %q: %s", secret, e)
			}
		}
	}
	if !strings.Contains(entries[before], "personas koda") || !strings.Contains(entries[before], aNo) {
		t.Errorf("audit entry lacks the key's kind or the numbers: %s", entries[before])
	}

	// Only those who keep the registry may ask; the administrator never.
	for _, user := range []string{"clerk", "chair", "director", "admin"} {
		if res := srv.Client(t, user).Get(t, "/privacy?code="+code); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403", user, res.StatusCode)
		}
	}

	// The registry's former request page sends its lookups to the one page.
	for from, to := range map[string]string{
		"/petitions/person?by=code&q=" + strings.ReplaceAll(code, "-", ""): "/privacy?code=" + code,
		"/petitions/person?by=name&q=nina+zigure":                          "/privacy?name=nina+zigure",
		"/petitions/person.pdf?by=email&q=nina%40example.lv":               "/privacy/extract.pdf?email=nina%40example.lv",
		"/petitions/person": "/privacy",
	} {
		if res := staff.Get(t, from); res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != to {
			t.Errorf("%s: %d to %q, want %q", from, res.StatusCode, res.Header.Get("Location"), to)
		}
	}

	// The PDF: everything of both submissions, in Latvian letters, and nothing of the others.
	res := staff.Get(t, "/privacy/extract.pdf?"+url.Values{"code": {code}}.Encode())
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(res.Body, "%PDF-") {
		t.Fatalf("pdf: status %d, %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if n, entries := subjAudits(t, srv); n-before != 6 || !strings.Contains(entries[n-1], "izraksts PDF") || strings.Contains(entries[n-1], code) {
		t.Errorf("export audit: %d entries, last %q", n-before, entries[n-1])
	}
	text := pdfText(t, []byte(res.Body), "āčēģīķļņšūŅŽŪĢŠ",
		"Ņina Žīgure", "Žīgure Ņina", code, "Nina.Zigure@example.lv", "Saules iela 1-1, Daugavpils",
		"Ūdens noplūde Ģimnāzijas ielā pie Šķūņa", "Pagalmā kļūst arvien ļaunāk", "Koku zāģēšana Dubrovina parkā",
		aNo, bNo, "ATB-"+aNo, "Atbildam, ka noplūde novērsta", "Sagatavot atbildi līdz mēneša beigām.",
		"Reģistrēts", "Atrasto ierakstu skaits 2")
	for _, not := range []string{cNo, dNo, "Zīle", "Andris"} {
		if strings.Contains(text, not) {
			t.Errorf("the PDF holds another person's %q", not)
		}
	}

	// Nobody found is an answer too, in a PDF that says so.
	res = staff.Get(t, "/privacy/extract.pdf?"+url.Values{"email": {"nobody@example.lv"}}.Encode())
	if res.StatusCode != http.StatusOK {
		t.Fatalf("empty pdf: status %d", res.StatusCode)
	}
	pdfText(t, []byte(res.Body), "", i18n.T(lv, "privacy.pdf.area_none"), "Atrasto ierakstu skaits 0")
}

func reverse(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[len(xs)-1-i] = x
	}
	return out
}

// pdfText is the PDF's text, each run of white space made one space: read
// by pdfOwnText, which needs no outside tool and also checks the font, and,
// where poppler's pdftotext is installed, by it too (they must agree on want).
func pdfText(t *testing.T, pdf []byte, letters string, want ...string) string {
	t.Helper()
	own := pdfOwnText(t, pdf, letters)
	for _, w := range want {
		if !strings.Contains(own, w) {
			t.Errorf("the PDF lacks %q", w)
		}
	}
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		return own
	}
	cmd := exec.Command(bin, "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("pdftotext does not find %q", w)
		}
	}
	return own
}

var (
	pdfStreamStart = regexp.MustCompile(`>>\s*stream\r?\n`)
	pdfShow        = regexp.MustCompile(`(?s)\(((?:[^\\)]|\\.)*)\)\s*Tj`)
)

// pdfOwnText reads a PDF as fpdf writes it with a UTF-8 font: every
// compressed stream must inflate; the font must be embedded, and its map
// from characters to glyphs (CIDToGIDMap, indexed by code point) must give
// each of letters a glyph of its own, so they print as themselves and not as
// boxes; the text is the strings shown, which are UTF-16 code points.
func pdfOwnText(t *testing.T, pdf []byte, letters string) string {
	t.Helper()
	if !bytes.Contains(pdf, []byte("/FontFile2")) || !bytes.Contains(pdf, []byte("/CIDToGIDMap")) {
		t.Fatal("no embedded TrueType font with a glyph map")
	}
	var text []string
	glyphMaps := 0
	glyph := map[rune]bool{} // in the regular or the bold font
	for _, loc := range pdfStreamStart.FindAllIndex(pdf, -1) {
		dict := string(pdf[bytes.LastIndex(pdf[:loc[0]], []byte(" obj")):loc[0]])
		end := bytes.Index(pdf[loc[1]:], []byte("endstream"))
		if end < 0 {
			t.Fatal("a stream without its end")
		}
		if !strings.Contains(dict, "/FlateDecode") {
			continue
		}
		zr, err := zlib.NewReader(bytes.NewReader(pdf[loc[1] : loc[1]+end]))
		if err != nil {
			t.Fatalf("stream %q: %v", dict, err)
		}
		b, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("stream %q does not inflate: %v", dict, err)
		}
		switch {
		case len(b) == 2<<16: // a CIDToGIDMap: two bytes of glyph id for each code point
			glyphMaps++
			for _, r := range letters {
				glyph[r] = glyph[r] || b[2*r] != 0 || b[2*r+1] != 0
			}
		case !strings.Contains(dict, "/Length1") && bytes.Contains(b, []byte("Tj")):
			for _, m := range pdfShow.FindAllSubmatch(b, -1) {
				text = append(text, pdfString(m[1]))
			}
		}
	}
	for _, r := range letters {
		if !glyph[r] {
			t.Errorf("the fonts have no glyph for %c", r)
		}
	}
	if glyphMaps == 0 || len(text) == 0 {
		t.Fatalf("%d glyph maps, %d strings shown", glyphMaps, len(text))
	}
	return strings.Join(strings.Fields(strings.Join(text, " ")), " ")
}

// pdfString decodes a PDF string literal of UTF-16BE code units.
func pdfString(esc []byte) string {
	var raw []byte
	for i := 0; i < len(esc); i++ {
		c := esc[i]
		if c != '\\' || i+1 == len(esc) {
			raw = append(raw, c)
			continue
		}
		i++
		switch e := esc[i]; e {
		case 'n':
			raw = append(raw, '\n')
		case 'r':
			raw = append(raw, '\r')
		case 't':
			raw = append(raw, '\t')
		case 'b':
			raw = append(raw, '\b')
		case 'f':
			raw = append(raw, '\f')
		default:
			if e >= '0' && e <= '7' {
				n, j := 0, i
				for ; j < len(esc) && j < i+3 && esc[j] >= '0' && esc[j] <= '7'; j++ {
					n = n*8 + int(esc[j]-'0')
				}
				raw = append(raw, byte(n))
				i = j - 1
			} else {
				raw = append(raw, e)
			}
		}
	}
	units := make([]uint16, len(raw)/2)
	for i := range units {
		units[i] = uint16(raw[2*i])<<8 | uint16(raw[2*i+1])
	}
	return string(utf16.Decode(units))
}

// The card names an earlier similar submission right after registering,
// offers the acknowledgement letter while it waits to be printed, and
// writes each opening of a scan to the audit log like an opening of the card.
func TestCardWarnsOfSimilarOffersTheLetterAndAuditsFiles(t *testing.T) {
	srv := server(t)
	staff := srv.Client(t, "staff")
	subject := "Bedres Jātnieku ielā pie 90. nama " + regKey()
	first := regValid(t, srv)
	first.Set("reply_channel", "post")
	first.Set("subject", subject)
	png := "\x89PNG\r\n\x1a\n" + strings.Repeat("\x02", 64) + subject
	a := regCreated(t, regPost(t, srv, staff, first, regFile{"skenejums.png", png}))

	second := regValid(t, srv)
	second.Set("subject", subject+" atkārtoti")
	res := regPost(t, srv, staff, second)
	b := regCreated(t, res)
	loc := res.Header.Get("Location")
	if !strings.HasSuffix(loc, "?similar="+strconv.FormatInt(a, 10)) {
		t.Fatalf("registering the second went to %s", loc)
	}
	card := staff.Get(t, loc)
	var aNo string
	if err := srv.Pool.QueryRow(context.Background(), `select reg_number from petitions where id = $1`, a).Scan(&aNo); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(card.Body, `data-testid="similar-warning"`) || !strings.Contains(card.Body, ">"+aNo+"<") {
		t.Error("the card does not warn of the similar submission")
	}
	if strings.Contains(card.Body, `data-testid="acknowledgement-pdf"`) {
		t.Error("an e-mailed acknowledgement is offered for printing")
	}
	if c := staff.Get(t, "/petitions/"+strconv.FormatInt(b, 10)); strings.Contains(c.Body, `data-testid="similar-warning"`) {
		t.Error("the warning shows without ?similar")
	}
	card = staff.Get(t, "/petitions/"+strconv.FormatInt(a, 10))
	if !strings.Contains(card.Body, `href="/petitions/`+strconv.FormatInt(a, 10)+`/acknowledgement.pdf"`) {
		t.Error("the acknowledgement to print is not offered")
	}

	var fileID int64
	if err := srv.Pool.QueryRow(context.Background(), `select file_id from petition_files where petition_id = $1`, a).Scan(&fileID); err != nil {
		t.Fatal(err)
	}
	views := func() int {
		return cardCount(t, srv.Pool, `select count(*) from audit_log where entity = 'petition' and entity_id = $1 and action = 'view_file'`,
			strconv.FormatInt(a, 10))
	}
	path := "/petitions/" + strconv.FormatInt(a, 10) + "/files/" + strconv.FormatInt(fileID, 10)
	if r := staff.Get(t, path); r.StatusCode != http.StatusOK || r.Body != png {
		t.Fatalf("opening the scan: status %d", r.StatusCode)
	}
	if views() != 1 {
		t.Errorf("%d audited openings of the scan, want 1", views())
	}
	// Someone else's file through this submission, or a reader without the right: not served, not counted.
	if r := staff.Get(t, "/petitions/"+strconv.FormatInt(b, 10)+"/files/"+strconv.FormatInt(fileID, 10)); r.StatusCode != http.StatusNotFound {
		t.Errorf("a file of another submission: status %d", r.StatusCode)
	}
	if r := srv.Client(t, "admin").Get(t, path); r.StatusCode != http.StatusForbidden {
		t.Errorf("admin: status %d", r.StatusCode)
	}
	if views() != 1 {
		t.Errorf("refused openings were audited: %d", views())
	}
}
