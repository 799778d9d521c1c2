"""Insert the Ukrainian text of every shipped assessment into its authored source file.

Each ``geodata/control/src/*.json`` and ``geodata/held_in_russia/src/*.json`` gets ``label_uk`` right after
``label`` and ``approximation_note_uk`` right after ``approximation_note``: faithful translations (official
Ukrainian place names, the same numbers and attributions, nothing added). The tables below are keyed by the English
text, so a note shared by many files is translated once. The files keep their format (indent 2, UTF-8, trailing
newline). Run from the repository root, then ``python -m conflictmap build-control``:

    python scripts/add_assessment_uk.py          # write
    python scripts/add_assessment_uk.py --check  # exit 1 if a file lacks its translation or is not current
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = (ROOT / "geodata" / "control" / "src", ROOT / "geodata" / "held_in_russia" / "src")
NBSP = "\u00a0"  # thousands are grouped with a no-break space in Ukrainian: 1 000 км²

LABELS_UK = {
    # control: 2014–2022
    "Crimea and Sevastopol annexed by Russia": "Крим і Севастополь анексовані Росією",
    "Armed groups hold Sloviansk; buildings seized in Donetsk, Luhansk, Kramatorsk and Horlivka":
        "Збройні угруповання утримують Слов'янськ; захоплено будівлі в Донецьку, Луганську, Краматорську та Горлівці",
    "After the 11 May 'referendums': Sloviansk, Kramatorsk, Horlivka, Donetsk, Luhansk and Mariupol held by the armed groups":
        "Після «референдумів» 11 травня: Слов'янськ, Краматорськ, Горлівку, Донецьк, Луганськ і Маріуполь утримують "
        "збройні угруповання",
    "Mariupol retaken by Ukraine (13 June); Sloviansk, Kramatorsk, Horlivka, Donetsk and Luhansk still held by the armed groups":
        "Україна повернула Маріуполь (13 червня); Слов'янськ, Краматорськ, Горлівку, Донецьк і Луганськ досі утримують "
        "збройні угруповання",
    "Sloviansk, Kramatorsk, Druzhkivka and Artemivsk retaken by Ukraine (5–7 July); the armed groups pull back to Donetsk and Luhansk":
        "Україна повернула Слов'янськ, Краматорськ, Дружківку та Артемівськ (5–7 липня); збройні угруповання відходять "
        "до Донецька й Луганська",
    "Sievierodonetsk (22 July), Lysychansk (24 July), Rubizhne and Dzerzhynsk (21 July) retaken by Ukraine":
        "Україна повернула Сєвєродонецьк (22 липня), Лисичанськ (24 липня), Рубіжне та Дзержинськ (21 липня)",
    "Ukrainian offensive at its furthest: Luhansk and Horlivka blocked, fighting at Ilovaisk, before the Russian counter-offensive":
        "Найдальше просування українського наступу: Луганськ і Горлівку заблоковано, бої під Іловайськом, перед "
        "російським контрнаступом",
    "Russian counter-offensive: Novoazovsk taken (27 August); fighting at Ilovaisk":
        "Російський контрнаступ: Новоазовськ захоплено (27 серпня); бої під Іловайськом",
    "First Minsk protocol: Crimea and the occupied parts of Donetsk and Luhansk oblasts":
        "Перший Мінський протокол: Крим і окуповані частини Донецької та Луганської областей",
    "After Debaltseve: the line of contact that held until 23 February 2022":
        "Після Дебальцевого: лінія зіткнення, що зберігалася до 23 лютого 2022 року",
    # control: 2022
    "End of the first day of the full-scale invasion": "Кінець першого дня повномасштабного вторгнення",
    "Day six: Kyiv approaches, Kupiansk and Berdiansk taken, Mariupol and Kherson encircled":
        "Шостий день: підступи до Києва, Куп'янськ і Бердянськ захоплено, Маріуполь і Херсон оточено",
    "Near the peak of Russian control (ISW peak 23–28 March)":
        "Близько до піку російського контролю (пік за ISW — 23–28 березня)",
    "Russian withdrawal from the north: Kyiv and Sumy oblasts cleared, Chernihiv Oblast being vacated":
        "Відхід російських військ із півночі: Київська та Сумська області звільнені, Чернігівську область вони залишають",
    "After the Russian withdrawal from Kyiv, Chernihiv and Sumy oblasts":
        "Після відходу російських військ із Київської, Чернігівської та Сумської областей",
    "Northern Ukraine free (Sumy Oblast declared liberated on 8 April); Russian forces mass around Izium":
        "Північ України вільна (Сумську область оголошено звільненою 8 квітня); російські сили зосереджуються навколо Ізюма",
    "Battle of Donbas: Izium axis and Kreminna, Mariupol's Azovstal besieged":
        "Битва за Донбас: ізюмський напрямок і Кремінна, маріупольська «Азовсталь» в облозі",
    "Mariupol falls: last Azovstal defenders surrender":
        "Падіння Маріуполя: останні захисники «Азовсталі» здаються в полон",
    "Sievierodonetsk taken; Lysychansk still held by Ukraine":
        "Сєвєродонецьк захоплено; Лисичанськ досі утримує Україна",
    "Lysychansk taken: Russia claims all of Luhansk Oblast":
        "Лисичанськ захоплено: Росія заявляє про контроль над усією Луганською областю",
    "Summer stalemate before the Ukrainian counteroffensives":
        "Літнє позиційне протистояння перед українськими контрнаступами",
    "Kherson counteroffensive under way, eve of the Kharkiv breakthrough":
        "Херсонський контрнаступ триває, напередодні прориву в Харківській області",
    "After the Kharkiv counteroffensive: the Oskil line": "Після Харківського контрнаступу: лінія по Осколу",
    "After Lyman: the Svatove–Kreminna line and the northern Kherson breakthrough":
        "Після Лимана: лінія Сватове–Кремінна і прорив на півночі Херсонської області",
    "Late October: Russian withdrawal from the Kherson right bank begins":
        "Кінець жовтня: починається відхід російських військ із правобережжя Херсонської області",
    "Kherson city and the Dnipro right bank liberated": "Місто Херсон і правобережжя Дніпра звільнено",
    "Christmas Eve 2022: Bakhmut and Kreminna fronts": "Святвечір 2022 року: фронти під Бахмутом і Кремінною",
    # control: 2023
    "Russia claims Soledar (13 January 2023)": "Росія заявляє про захоплення Соледара (13 січня 2023 року)",
    "Ukraine confirms withdrawal from Soledar (25 January 2023)":
        "Україна підтверджує відхід із Соледара (25 січня 2023 року)",
    "One year of full-scale war: Bakhmut flanked from the north (Krasna Hora, 12 February 2023)":
        "Рік повномасштабної війни: Бахмут обійдено з півночі (Красна Гора, 12 лютого 2023 року)",
    "Bakhmut: Ukrainian forces pull back from the eastern districts":
        "Бахмут: українські сили відходять зі східних районів",
    "Bakhmut: Wagner claims the city centre (2 April 2023), Ukraine holds the western districts":
        "Бахмут: «Вагнер» заявляє про захоплення центру міста (2 квітня 2023 року), Україна утримує західні райони",
    "After Russia took Bakhmut (21 May 2023)": "Після захоплення Бахмута Росією (21 травня 2023 року)",
    "Counteroffensive: villages south of Velyka Novosilka liberated (10-12 June 2023)":
        "Контрнаступ: звільнено села на південь від Великої Новосілки (10-12 червня 2023 року)",
    "Staromaiorske liberated (27 July 2023)": "Старомайорське звільнено (27 липня 2023 року)",
    "Urozhaine liberated (16 August 2023)": "Урожайне звільнено (16 серпня 2023 року)",
    "Robotyne liberated (28 August 2023)": "Роботине звільнено (28 серпня 2023 року)",
    "Andriivka and Klishchiivka, south of Bakhmut, liberated (15-17 September 2023)":
        "Андріївку та Кліщіївку на південь від Бахмута звільнено (15-17 вересня 2023 року)",
    "End of September 2023: Ukrainian summer counteroffensive gains at Robotyne, Klishchiivka and south of Velyka Novosilka":
        "Кінець вересня 2023 року: здобутки українського літнього контрнаступу біля Роботиного, Кліщіївки та на південь "
        "від Великої Новосілки",
    "Russian offensive on Avdiivka (from 10 October 2023)": "Російський наступ на Авдіївку (з 10 жовтня 2023 року)",
    "Avdiivka: Russian advances on the northern flank": "Авдіївка: російське просування на північному фланзі",
    "Russia claims Marinka (25 December 2023)": "Росія заявляє про захоплення Мар'їнки (25 грудня 2023 року)",
    # control: 2024
    "January 2024: Avdiivka nearly encircled; Marinka taken (December 2023)":
        "Січень 2024 року: Авдіївка майже в оточенні; Мар'їнку захоплено (грудень 2023 року)",
    "After Ukraine withdrew from Avdiivka (17 February 2024)":
        "Після відходу України з Авдіївки (17 лютого 2024 року)",
    "End of March 2024: Russian advance west of Avdiivka (Lastochkyne, Tonenke, Orlivka)":
        "Кінець березня 2024 року: російське просування на захід від Авдіївки (Ласточкине, Тоненьке, Орлівка)",
    "End of April 2024: Russian breakthrough at Ocheretyne; Bohdanivka near Chasiv Yar taken":
        "Кінець квітня 2024 року: російський прорив біля Очеретиного; Богданівку біля Часового Яру захоплено",
    "Russia claims Ocheretyne (5 May 2024)": "Росія заявляє про захоплення Очеретиного (5 травня 2024 року)",
    "End of May 2024: Russian offensive in northern Kharkiv oblast (from 10 May); fighting in Vovchansk":
        "Кінець травня 2024 року: російський наступ на півночі Харківської області (з 10 травня); бої у Вовчанську",
    "End of June 2024: Ocheretyne salient, northern Kharkiv incursion, fighting at Chasiv Yar":
        "Кінець червня 2024 року: виступ біля Очеретиного, вторгнення на півночі Харківської області, бої біля "
        "Часового Яру",
    "End of July 2024: Russian advance north-west of Ocheretyne (Prohres); fighting at Toretsk, Niu-York, Chasiv Yar":
        "Кінець липня 2024 року: російське просування на північний захід від Очеретиного (Прогрес); бої біля "
        "Торецька, Нью-Йорка, Часового Яру",
    "Russia claims Niu-York (20 August 2024); rapid advance towards Pokrovsk":
        "Росія заявляє про захоплення Нью-Йорка (20 серпня 2024 року); швидке просування до Покровська",
    "Russia claims Novohrodivka (8 September) and Krasnohorivka (10 September 2024)":
        "Росія заявляє про захоплення Новогродівки (8 вересня) і Красногорівки (10 вересня 2024 року)",
    "Russia claims Ukrainsk (26 September 2024); Russian forces on the flanks of Vuhledar":
        "Росія заявляє про захоплення Українська (26 вересня 2024 року); російські сили на флангах Вугледара",
    "Ukraine withdraws from Vuhledar (announced 2 October 2024)":
        "Україна виходить із Вугледара (оголошено 2 жовтня 2024 року)",
    "Russia claims Hirnyk and Selydove (end of October 2024); Kanal district of Chasiv Yar lost":
        "Росія заявляє про захоплення Гірника та Селидового (кінець жовтня 2024 року); мікрорайон Канал у Часовому "
        "Яру втрачено",
    "End of November 2024: Russians at Kurakhove and in central Toretsk; advance south of Pokrovsk":
        "Кінець листопада 2024 року: росіяни біля Курахового та в центрі Торецька; просування на південь від Покровська",
    "End of 2024: Vuhledar, Selydove and most of Kurakhove taken; Russians south of Pokrovsk and in Toretsk":
        "Кінець 2024 року: Вугледар, Селидове та більшу частину Курахового захоплено; росіяни на південь від Покровська "
        "і в Торецьку",
    # control: 2025
    "Start of 2025: Russians in most of Kurakhove, Velyka Novosilka nearly encircled, Toretsk centre lost":
        "Початок 2025 року: росіяни в більшій частині Курахового, Велика Новосілка майже в оточенні, центр Торецька "
        "втрачено",
    "Russia claims Kurakhove (6 January); Ukraine reports fighting in the sector":
        "Росія заявляє про захоплення Курахового (6 січня); Україна повідомляє про бої на цій ділянці",
    "Russia claims Velyka Novosilka (26 January); Ukrainian brigade withdraws from parts of the town":
        "Росія заявляє про захоплення Великої Новосілки (26 січня); українська бригада відходить із частини селища",
    "1 February 2025: Velyka Novosilka and Kurakhove lost, Russian pressure south of Pokrovsk":
        "1 лютого 2025 року: Велику Новосілку та Курахове втрачено, російський тиск на південь від Покровська",
    "Russia claims Toretsk (7 February); Ukraine says it holds the outskirts":
        "Росія заявляє про захоплення Торецька (7 лютого); Україна заявляє, що утримує околиці",
    "1 March 2025: slow Russian gains west of Velyka Novosilka and south-west of Pokrovsk":
        "1 березня 2025 року: повільне російське просування на захід від Великої Новосілки та на південний захід "
        "від Покровська",
    "Early April 2025: small Russian gains near Bilohorivka and Kamianske after a slow March":
        "Початок квітня 2025 року: невелике російське просування біля Білогорівки та Кам'янського після повільного "
        "березня",
    "1 May 2025: Russian advance between Terny and Torske towards Lyman":
        "1 травня 2025 року: російське просування між Тернами і Торським у напрямку Лимана",
    "1 June 2025: Russian foothold in northern Sumy oblast, push north-east of Pokrovsk and to the Dnipropetrovsk border":
        "1 червня 2025 року: російський плацдарм на півночі Сумської області, просування на північний схід від "
        "Покровська та до межі Дніпропетровської області",
    "Mid-2025: Toretsk and Velyka Novosilka lost, Russians in Chasiv Yar, at Pokrovsk, in Sumy oblast and at the Dnipropetrovsk border":
        "Середина 2025 року: Торецьк і Велику Новосілку втрачено, росіяни в Часовому Яру, біля Покровська, у Сумській "
        "області та біля межі Дніпропетровської області",
    "Russia claims Chasiv Yar (31 July); Russians on the Dnipropetrovsk border and north-east of Myrnohrad":
        "Росія заявляє про захоплення Часового Яру (31 липня); росіяни на межі Дніпропетровської області та на "
        "північний схід від Мирнограда",
    "Russian incursion towards Dobropillia (11-12 August): infiltration groups push towards the Dobropillia-Kramatorsk road":
        "Російське вклинення в напрямку Добропілля (11-12 серпня): групи інфільтрації просуваються до дороги "
        "Добропілля-Краматорськ",
    "1 September 2025: Dobropillia incursion cut off; Russian gains in the Serebrianka forest and on the Zaporizhzhia-Dnipropetrovsk border":
        "1 вересня 2025 року: вклинення біля Добропілля відрізано; російське просування в Серебрянському лісі та на "
        "межі Запорізької і Дніпропетровської областей",
    "1 October 2025: Russian advance at the Dnipropetrovsk-Zaporizhzhia border (Berezove), north of Lyman and around Yunakivka":
        "1 жовтня 2025 року: російське просування на межі Дніпропетровської та Запорізької областей (Березове), на "
        "північ від Лимана та навколо Юнаківки",
    "1 November 2025: Russian push between Berezove and Poltavka towards Huliaipole; infiltration of Pokrovsk":
        "1 листопада 2025 року: російський натиск між Березовим і Полтавкою в напрямку Гуляйполя; інфільтрація "
        "в Покровськ",
    "Russia claims Kupiansk (20 November); Ukraine says the city is under its control; Pokrovsk contested":
        "Росія заявляє про захоплення Куп'янська (20 листопада); Україна заявляє, що місто під її контролем; "
        "за Покровськ тривають бої",
    "Russia claims Pokrovsk and Vovchansk (1 December); Ukraine holds northern Pokrovsk; Myrnohrad nearly encircled":
        "Росія заявляє про захоплення Покровська і Вовчанська (1 грудня); Україна утримує північ Покровська; "
        "Мирноград майже в оточенні",
    "Ukraine withdraws from Siversk (23 December); fighting in Myrnohrad, Kostiantynivka and Huliaipole":
        "Україна виходить із Сіверська (23 грудня); бої в Мирнограді, Костянтинівці та Гуляйполі",
    "End of 2025: Siversk and most of Pokrovsk taken, Kupiansk largely retaken by Ukraine, fighting in Huliaipole and Kostiantynivka":
        "Кінець 2025 року: Сіверськ і більшу частину Покровська захоплено, Україна повернула більшу частину "
        "Куп'янська, бої в Гуляйполі та Костянтинівці",
    # control: 2026
    "1 January 2026: Siversk, Vovchansk and Pokrovsk Russian-held; Myrnohrad and Huliaipole contested and drawn outside; Kupiansk Ukrainian-held":
        "1 січня 2026 року: Сіверськ, Вовчанськ і Покровськ під контролем Росії; за Мирноград і Гуляйполе тривають "
        "бої, їх показано поза контуром; Куп'янськ під контролем України",
    "1 February 2026: Huliaipole Russian-held; Ukraine still holds northern Myrnohrad":
        "1 лютого 2026 року: Гуляйполе під контролем Росії; Україна досі утримує північ Мирнограда",
    "1 March 2026: Myrnohrad Russian-held; Ukrainian counteroffensive on the Oleksandrivka direction; Russian border foothold at Hrabovske (Sumy oblast)":
        "1 березня 2026 року: Мирноград під контролем Росії; український контрнаступ на олександрівському напрямку; "
        "російський прикордонний плацдарм біля Грабовського (Сумська область)",
    "1 April 2026: small Russian gains north-west of Pokrovsk (Hryshyne); front otherwise static":
        "1 квітня 2026 року: невелике російське просування на північний захід від Покровська (Гришине); в іншому "
        "фронт стабільний",
    "1 May 2026: small Russian gain at Svitle between Rodynske and Myrnohrad; front otherwise static":
        "1 травня 2026 року: невелике російське просування біля Світлого між Родинським і Мирноградом; в іншому "
        "фронт стабільний",
    "1 June 2026: Rodynske Russian-held; small Russian gains south-west of Siversk":
        "1 червня 2026 року: Родинське під контролем Росії; невелике російське просування на південний захід від "
        "Сіверська",
    "30 June 2026: Russian gains west of Kostiantynivka (Sofiivka); Kostiantynivka a grey zone, drawn outside":
        "30 червня 2026 року: російське просування на захід від Костянтинівки (Софіївка); Костянтинівка — сіра зона, "
        "її показано поза контуром",
    "31 July 2026: Russian gains south-west of Kostiantynivka and north of Chasiv Yar; Ukrainian gains at the Dnipropetrovsk-Zaporizhzhia boundary":
        "31 липня 2026 року: російське просування на південний захід від Костянтинівки та на північ від Часового Яру; "
        "українське просування на межі Дніпропетровської та Запорізької областей",
    "22 August 2026 (last date the sources allow): Ukraine clears most of the Dnipropetrovsk pocket; Russian gains south-east of Kostiantynivka":
        "22 серпня 2026 року (остання дата, яку дозволяють джерела): Україна зачищає більшу частину кишені "
        "в Дніпропетровській області; російське просування на південний схід від Костянтинівки",
    # held in Russia
    "Kursk incursion, day 7: about 1,000 km² around Sudzha":
        f"Вторгнення в Курську область, 7-й день: близько 1{NBSP}000 км² навколо Суджі",
    "Kursk incursion at its largest: about 1,300 km² and 100 settlements":
        f"Вторгнення в Курську область на піку: близько 1{NBSP}300 км² і 100 населених пунктів",
    "Kursk: about 800 km² left after Russian counter-attacks":
        "Курська область: після російських контратак залишається близько 800 км²",
    "Kursk: Russia retakes Sudzha; about 140 km² left near the border":
        "Курська область: Росія повертає Суджу; біля кордону залишається близько 140 км²",
    "Kursk: Russia claims the last village (Gornal); DeepState still shows about 30 km² held":
        "Курська область: Росія заявляє про повернення останнього села (Горналь); DeepState досі показує близько "
        "30 км² під контролем",
    "No Ukrainian-held ground inside Russia is drawn from here (no later source sizes any)":
        "Від цієї дати територію Росії під контролем українських сил не показано (жодне пізніше джерело не називає "
        "її площі)",
}

_LINE = (
    "The line joins named places with straight segments, so between them it can be off by several kilometres, and "
    "villages lying on the line itself may fall on either side of it. Ukraine's border and coast are simplified"
)
_LINE_UK = (
    "Лінія з'єднує названі населені пункти прямими відрізками, тож між ними може відхилятися на кілька кілометрів, "
    "а села, що лежать на самій лінії, можуть опинитися з будь-якого її боку. Кордон і узбережжя України спрощено"
)
_ASSESSED = (
    ", and the outline is only as good as the assessments it follows: it shows territory assessed as "
    "Russian-controlled, not every place Russian troops reached."
)
_ASSESSED_UK = (
    ", і контур точний лише настільки, наскільки точні оцінки, на які він спирається: він показує територію, яку "
    "оцінено як підконтрольну Росії, а не кожне місце, куди дійшли російські війська."
)

NOTES_UK = {
    "The two regions are shown whole, with Natural Earth's simplified coastline; no line was drawn.":
        "Обидва регіони показано повністю, зі спрощеною береговою лінією Natural Earth; лінію не проводили.",
    "Control in spring 2014 was patchy: armed groups held administration and police buildings and road checkpoints "
    "in some towns, not a continuous front, and the countryside between the towns is not shown as held by either "
    "side. Each held town is drawn as a rough ring around its centre, so the area shown is a rough indication, not a "
    "measured territory.":
        "Навесні 2014 року контроль був фрагментарним: збройні угруповання утримували адміністративні будівлі, "
        "будівлі поліції та дорожні блокпости в окремих містах, а не суцільний фронт, і місцевість між містами не "
        "показано як підконтрольну жодній зі сторін. Кожне утримуване місто позначено приблизним кільцем навколо його "
        "центру, тож показана площа — лише приблизна оцінка, а не виміряна територія.",
    "The outline joins named places and manual points with straight segments between towns the sources name; in "
    "summer 2014 the front was fluid, with mobile groups, besieged towns and contested border crossings, so the "
    "outline is a rough indication of the area held, accurate to a few kilometres at best near the named towns and "
    "much less between them.":
        "Контур з'єднує названі населені пункти та вручну задані точки прямими відрізками між містами, які називають "
        "джерела; влітку 2014 року фронт був рухливим: мобільні групи, міста в облозі й спірні пункти пропуску на "
        "кордоні, тож контур лише приблизно показує утримувану територію — з точністю щонайкраще до кількох "
        "кілометрів біля названих міст і значно меншою між ними.",
    "The line joins named places with straight segments and largely reuses the February 2015 line of contact; in "
    "September 2014 the front was fluid and the ceasefire line was only fixed by the memorandum of 19 September.":
        "Лінія з'єднує названі населені пункти прямими відрізками і здебільшого повторює лінію зіткнення лютого "
        "2015 року; у вересні 2014 року фронт був рухливим, а лінію припинення вогню закріпив лише меморандум від "
        "19 вересня.",
    "The line joins named places with straight segments, so it can be a few kilometres off between them; this "
    "outline stands for the whole period 18 February 2015 – 23 February 2022, during which the line moved only "
    "locally.":
        "Лінія з'єднує названі населені пункти прямими відрізками, тож між ними може відхилятися на кілька "
        "кілометрів; цей контур відображає весь період 18 лютого 2015 – 23 лютого 2022 року, протягом якого лінія "
        "зміщувалася лише локально.",
    _LINE + _ASSESSED + " On the first day the fronts were moving axes rather than lines; treat these shapes as indicative.":
        _LINE_UK + _ASSESSED_UK + " Першого дня фронти були радше напрямками руху, ніж лініями; ці обриси слід "
        "сприймати як орієнтовні.",
    _LINE + _ASSESSED: _LINE_UK + _ASSESSED_UK,
    _LINE + ". It shows only what ISW counted as Russian-controlled, not every place Russian troops reached: Russian "
    "troops were also present in the four left-out belts (Kharkiv Oblast west of the Oskil and south of the border, "
    "the Orikhiv–Polohy belt, the area west of Volnovakha, northern Kherson Oblast), whose inner edges were placed "
    "to match ISW's total area rather than traced.":
        _LINE_UK + ". Показано лише те, що ISW вважав підконтрольним Росії, а не кожне місце, куди дійшли російські "
        "війська: російські війська були також у чотирьох не включених смугах (Харківська область на захід від "
        "Осколу й на південь від кордону, смуга Оріхів–Пологи, район на захід від Волновахи, північ Херсонської "
        "області), внутрішні межі яких розміщено так, щоб збігтися із загальною площею за ISW, а не простежено.",
    "The shaded area joins named places with straight lines, so it is only a sketch of the front: it can be off by "
    "several kilometres between points, small pockets and grey zones are not shown, and contested towns are drawn on "
    "one side. Crimea and Sevastopol are included whole; the sea and Russian territory used to close the shape are "
    "cut away.":
        "Заштрихована зона з'єднує названі населені пункти прямими лініями, тож це лише ескіз фронту: між точками "
        "вона може відхилятися на кілька кілометрів, невеликі анклави та сірі зони не показано, а міста, за які "
        "тривають бої, віднесено до одного з боків. Крим і Севастополь включено повністю; море й територію Росії, "
        "використані для замикання контуру, відрізано.",
    "A sketch of the area, not a traced line: it is sized to the published figure and placed around the settlements "
    "the sources name, and can be off by several kilometres. Grey zones are not shown.":
        "Ескіз території, а не простежена лінія: її площу підігнано під опубліковану цифру, а розміщено її навколо "
        "населених пунктів, які називають джерела, і вона може відхилятися на кілька кілометрів. Сірі зони не "
        "показано.",
}


def with_uk(data: dict) -> dict:
    """``data`` with ``label_uk`` after ``label`` and ``approximation_note_uk`` after ``approximation_note``."""
    uk = {"label_uk": LABELS_UK[data["label"]]}
    if data.get("approximation_note"):
        uk["approximation_note_uk"] = NOTES_UK[data["approximation_note"]]
    out = {}
    for k, v in data.items():
        if k in uk:
            continue
        out[k] = v
        if k + "_uk" in uk:
            out[k + "_uk"] = uk[k + "_uk"]
    return out


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for folder in FOLDERS:
        for path in sorted(folder.glob("*.json")):
            text = path.read_text(encoding="utf-8")
            new = json.dumps(with_uk(json.loads(text)), indent=2, ensure_ascii=False) + "\n"
            if new != text:
                stale.append(path)
                if not check:
                    path.write_text(new, encoding="utf-8")
    print(f"{len(stale)} file(s) {'not current' if check else 'written'}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
