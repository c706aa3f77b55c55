package charts

import "fmt"

// A month of mentions by tone, the outlets that wrote most, a quarter by
// weeks: the charts of the monitoring reports, with names as long and as
// hostile as real ones get.
func samples() []Chart {
	days := make([]string, 31)
	tones := []Series{
		{Name: "Pozitīva", Tone: Positive}, {Name: "Neitrāla", Tone: Neutral},
		{Name: "Negatīva", Tone: Negative}, {Name: "Jaukta", Tone: Mixed}, {Name: "Nav vērtēta", Tone: Unjudged},
	}
	for i := range days {
		days[i] = fmt.Sprintf("%d.12.", i+1)
		for s := range tones {
			tones[s].Values = append(tones[s].Values, float64((i*7+s*13)%(9-s)))
		}
	}
	weeks := make([]string, 13)
	counts := make([]float64, 13)
	for i := range weeks {
		weeks[i] = fmt.Sprintf("%d. ned.", 40+i)
		counts[i] = float64(20 + (i*37)%45)
	}
	return []Chart{
		{
			ID: "tones", Title: "Publikācijas dienā pēc toņa, 2026. gada decembris",
			Desc: "Stabiņi katrai decembra dienai, sadalīti pēc publikāciju toņa.",
			Kind: Columns, Categories: days, Series: tones, ValueLabel: "Publikācijas",
		},
		{
			ID: "outlets", Title: "Visvairāk rakstījušie mediji",
			Desc: "Desmit mediji ar visvairāk publikācijām par pašvaldību.",
			Kind: HBars,
			Categories: []string{"Daugavpils Vēstnesis", "Наш город", "LSM.lv", "Latgales Laiks",
				"Gazeta «Сейчас» — Daugavpils un Latgales reģiona ziņu portāls", "<script>alert(1)</script> & Co", "Delfi", "TV3 Ziņas"},
			Series:     []Series{{Name: "Publikācijas", Values: []float64{1234, 987, 402, 355, 120, 44, 12, 3}}},
			ValueLabel: "Publikācijas",
		},
		{
			ID: "weeks", Title: "Publikācijas nedēļā", Desc: "Publikāciju skaits katrā nedēļā no 40. līdz 52.",
			Kind: Line, Categories: weeks, Series: []Series{{Name: "Publikācijas", Values: counts}}, ValueLabel: "Publikācijas",
		},
		{
			ID: "empty", Title: "Tēmas", Kind: HBars, NoData: "Šajā laikā publikāciju nav.",
		},
	}
}
