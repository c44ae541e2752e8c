"""Where incident reports place their events (issue 18): villages, the divisions that hold them, and
the precision each place was found at. Sentences written for these tests, in the wordings of conflict
monitors' reports from several regions; the true points are the villages' (or, where GeoNames has no
entry, the seat of their district)."""
from __future__ import annotations

import pytest

from dateline import Dateline
from dateline.evaluation.geo import haversine_km

# sentence, true point of the event's place, the precisions it may be given, its country
INCIDENTS = [
    ("On 3 May 2021, Al Shabaab militants attacked a checkpoint in Ceel Jaale village (Marka District, "
     "Lower Shabelle Region).", (1.72, 44.77), {"district"}, "SOM"),
    ("On 5 March 2021, unidentified gunmen killed two civilians in Dangamacha village (Mashegu LGA, Niger "
     "State).", (9.97, 5.78), {"district"}, "NGA"),
    ("On 9 July 2021, JNIM militants ambushed a FAMa convoy near Boni (Douentza Cercle, Mopti Region).",
     (15.07, -1.97), {"district"}, "MLI"),
    ("Gunmen killed 30 civilians in Solhan village (Seno Province, Sahel Region) on 4 June.",
     (13.43, 0.13), {"region"}, "BFA"),  # a town of Turkey has the name
    ("On 17 August 2021, the Tatmadaw shelled Thantlang town (Thantlang Township, Chin State).",
     (22.70, 93.43), {"region"}, "MMR"),
    ("On 12 June 2020, militants attacked a police post in Kashkash village (Al-Hasakah District, "
     "Al-Hasakah Region).", (36.2, 40.9), {"region"}, "SYR"),
    ("On 2 February 2021, a roadside bomb exploded near Marjah (Nad-e Ali District, Helmand Province), "
     "killing three soldiers.", (31.52, 64.12), {"region"}, "AFG"),
    ("Gunmen abducted 12 farmers in Kuriga village (Chikun LGA, Kaduna State) on Thursday.",
     (10.28, 7.13), {"region", "district"}, "NGA"),
    ("Russian forces shelled Velyka Novosilka village (Volnovakha Raion, Donetsk Oblast) overnight.",
     (47.84, 36.83), {"place"}, "UKR"),
    ("ADF fighters killed seven civilians in Oicha (Beni Territory, North Kivu Province) on Sunday.",
     (0.70, 29.52), {"place"}, "COD"),
    ("US forces set up a new base near the town of al-Shadadi in Southern Hasaka.",
     (36.06, 40.73), {"near"}, "SYR"),
    ("Al Shabaab fighters attacked an army base in Lower Shabelle region on Monday.",
     (2.0, 44.8), {"region"}, "SOM"),
    ("Militants stormed the hamlet of Kaddura, located in the south-eastern countryside of Idlib province, "
     "on Friday.", (35.7, 36.9), {"region"}, "SYR"),
    ("Afghan forces recaptured Kohistanat district in northern Sar-e Pol province on Friday.",
     (35.5, 66.2), {"region"}, "AFG"),
    ("Soldiers shot dead two protesters in Kyaukkyi town of Bago Region on Saturday.",
     (18.33, 96.60), {"region"}, "MMR"),
    ("Suicide bombers struck a market in Kolofata in Cameroon's Far North Region on Sunday, killing nine people.",
     (11.17, 14.01), {"region"}, "CMR"),  # the region, not the country, through the possessive
    ("On 12 May 2021, herders killed four farmers in Uikpam (Guma, Benue) at night.",
     (7.9, 8.6), {"region"}, "NGA"),  # brackets without division words
    ("militants attacked a checkpoint in ceel jaale village (marka district, lower shabelle region) on 3 may.",
     (1.72, 44.77), {"district"}, "SOM"),  # caseless text
]


@pytest.fixture(scope="module")
def coded():
    engine = Dateline(workers=1)
    return [engine.extract(sentence, published="2021-06-30T12:00:00Z").events for sentence, *_ in INCIDENTS]


@pytest.mark.parametrize("n", range(len(INCIDENTS)))
def test_incident_is_placed_within_161_km_at_its_precision(coded, n) -> None:
    sentence, (lat, lon), precisions, country = INCIDENTS[n]
    assert coded[n], sentence
    place = coded[n][0]["location"]
    assert place and place.get("lat") is not None, (sentence, place)
    assert haversine_km(place["lat"], place["lon"], lat, lon) <= 161, (sentence, place)
    assert place["precision"] in precisions and place["country"] == country, (sentence, place)


def test_the_village_keeps_its_own_name() -> None:
    events = Dateline(workers=1).extract(INCIDENTS[1][0]).events
    place = events[0]["location"]
    assert place["text"] == "Dangamacha" and place["geonameid"] is None and place["lat"] is not None
