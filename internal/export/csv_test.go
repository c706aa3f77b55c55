package export

import (
	"bytes"
	"encoding/csv"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestCSVNeutralisesFormulasAndKeepsLetters(t *testing.T) {
	var buf bytes.Buffer
	c, err := NewCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows := [][]string{
		{"Vārds", "Temats"},
		{"=HYPERLINK(\"http://x\")", "+1"},
		{"-2", "@SUM(A1)"},
		{"-2+3", "-0,5"},
		{"\t=1", "Žanna Иванова; \"citāts\""},
		{"plain", ""},
	}
	for _, r := range rows {
		if err := c.Row(append([]string(nil), r...)...); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
	raw := buf.String()
	if !strings.HasPrefix(raw, "\ufeff") {
		t.Error("no byte order mark")
	}
	if !strings.Contains(raw, "\r\n") {
		t.Error("lines do not end in CRLF")
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(raw, "\ufeff")))
	r.Comma = ';'
	got, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Vārds", "Temats"},
		{"'=HYPERLINK(\"http://x\")", "'+1"},
		{"-2", "'@SUM(A1)"},
		{"'-2+3", "-0,5"},
		{"'\t=1", "Žanna Иванова; \"citāts\""},
		{"plain", ""},
	}
	for i := range want {
		for j := range want[i] {
			if got[i][j] != want[i][j] {
				t.Errorf("row %d cell %d = %q, want %q", i, j, got[i][j], want[i][j])
			}
		}
	}
}

func TestDatesAreDatesToASpreadsheet(t *testing.T) {
	at := time.Date(2027, 1, 6, 22, 30, 0, 0, time.UTC) // 7 January, 00:30 in Riga
	if got := Date(at); got != "07.01.2027" {
		t.Errorf("Date = %q", got)
	}
	if got := DateTime(at); got != "07.01.2027 00:30" {
		t.Errorf("DateTime = %q", got)
	}
	if Date(time.Time{}) != "" {
		t.Error("a zero date is not empty")
	}
}

func TestTableWritesOneRowsInBothFormats(t *testing.T) {
	at := time.Date(2026, 5, 11, 6, 30, 0, 0, time.UTC) // 09:30 in Riga
	tbl := Table{Name: "saraksts", Sheet: "Saraksts", Title: "Saraksts", Now: at, Header: []string{"Nr.", "Laiks", "Diena", "Teksts"}}
	rows := [][]any{{int64(7), at, Day(time.Date(2026, 5, 25, 0, 0, 0, 0, time.UTC)), "=HYPERLINK(\"x\")"}, {3, time.Time{}, nil, "Bērziņš"}}
	rec := httptest.NewRecorder()
	if err := tbl.Write(rec, "csv", rows); err != nil {
		t.Fatal(err)
	}
	body := rec.Body.String()
	for _, want := range []string{"7;11.05.2026 09:30;25.05.2026;\"'=HYPERLINK", "3;;;Bērziņš"} {
		if !strings.Contains(body, want) {
			t.Errorf("the CSV lacks %q:\n%s", want, body)
		}
	}
	if cd := rec.Header().Get("Content-Disposition"); !strings.Contains(cd, "saraksts.csv") {
		t.Errorf("the CSV's name: %s", cd)
	}
	rec = httptest.NewRecorder()
	if err := tbl.Write(rec, "xlsx", rows); err != nil {
		t.Fatal(err)
	}
	if rec.Header().Get("Content-Type") != XLSXType || rec.Body.Len() == 0 {
		t.Errorf("the spreadsheet: %s, %d bytes", rec.Header().Get("Content-Type"), rec.Body.Len())
	}
}
