// Generated from the JDK by: java test/shared/jdk/DateParity.java --zone-names > shared/dates/zone-names.ts
// JDK 17.0.15, Locale.US. Do not edit by hand.
//
// One zone a line: flag|id|short standard|short daylight|long standard|long daylight|raw offset s|DST savings s
// flag P: the zone is in DateFormatSymbols.getZoneStrings(), in that order, which is the order
// SimpleDateFormat searches when parsing a zone name; flag F: other TimeZone ids (formatting only).
export const JDK_ZONE_TABLE = `
P|America/Los_Angeles|PST|PDT|Pacific Standard Time|Pacific Daylight Time|-28800|3600
P|America/Denver|MST|MDT|Mountain Standard Time|Mountain Daylight Time|-25200|3600
P|America/Phoenix|MST|MDT|Mountain Standard Time|Mountain Daylight Time|-25200|0
P|America/Chicago|CST|CDT|Central Standard Time|Central Daylight Time|-21600|3600
P|America/New_York|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|3600
P|America/Indianapolis|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|3600
P|Pacific/Honolulu|HST|HDT|Hawaii-Aleutian Standard Time|Hawaii-Aleutian Daylight Time|-36000|0
P|America/Anchorage|AKST|AKDT|Alaska Standard Time|Alaska Daylight Time|-32400|3600
P|America/Halifax|AST|ADT|Atlantic Standard Time|Atlantic Daylight Time|-14400|3600
P|America/Sitka|AKST|AKDT|Alaska Standard Time|Alaska Daylight Time|-32400|3600
P|America/St_Johns|NST|NDT|Newfoundland Standard Time|Newfoundland Daylight Time|-12600|3600
P|Europe/Paris|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|GMT|GMT|GMT|Greenwich Mean Time|Greenwich Mean Time|0|0
P|Asia/Jerusalem|IST|IDT|Israel Standard Time|Israel Daylight Time|7200|3600
P|Asia/Tokyo|JST|JDT|Japan Standard Time|Japan Daylight Time|32400|0
P|Europe/Bucharest|EET|EEST|Eastern European Standard Time|Eastern European Summer Time|7200|3600
P|Asia/Shanghai|CST|CDT|China Standard Time|China Daylight Time|28800|0
P|UTC|UTC|UTC|Coordinated Universal Time|Coordinated Universal Time|0|0
P|ACT|ACST|ACDT|Australian Central Standard Time|Australian Central Daylight Time|34200|0
P|AET|AEST|AEDT|Australian Eastern Standard Time|Australian Eastern Daylight Time|36000|3600
P|ART|EET|EEST|Eastern European Standard Time|Eastern European Summer Time|7200|3600
P|AST|AKST|AKDT|Alaska Standard Time|Alaska Daylight Time|-32400|3600
P|BET|BRT|BRST|Brasilia Standard Time|Brasilia Summer Time|-10800|0
P|BST|BDT|BDST|Bangladesh Standard Time|Bangladesh Summer Time|21600|0
P|CAT|CAT|CAST|Central Africa Time|Central African Summer Time|7200|0
P|CNT|NST|NDT|Newfoundland Standard Time|Newfoundland Daylight Time|-12600|3600
P|CST|CST|CDT|Central Standard Time|Central Daylight Time|-21600|3600
P|CTT|CST|CDT|China Standard Time|China Daylight Time|28800|0
P|EAT|EAT|EAST|East Africa Time|Eastern African Summer Time|10800|0
P|ECT|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|JST|JST|JDT|Japan Standard Time|Japan Daylight Time|32400|0
P|MIT|WSST|WSDT|Apia Standard Time|Apia Daylight Time|46800|0
P|NET|AMT|AMST|Armenia Standard Time|Armenia Summer Time|14400|0
P|NST|NZST|NZDT|New Zealand Standard Time|New Zealand Daylight Time|43200|3600
P|PLT|PKT|PKST|Pakistan Standard Time|Pakistan Summer Time|18000|0
P|PNT|MST|MDT|Mountain Standard Time|Mountain Daylight Time|-25200|0
P|PRT|AST|ADT|Atlantic Standard Time|Atlantic Daylight Time|-14400|0
P|PST|PST|PDT|Pacific Standard Time|Pacific Daylight Time|-28800|3600
P|SST|SBT|SBST|Solomon Islands Time|Solomon Is. Summer Time|39600|0
P|CST6CDT|CST|CDT|Central Standard Time|Central Daylight Time|-21600|3600
P|EST5EDT|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|3600
P|Etc/GMT|GMT|GMT|Greenwich Mean Time|Greenwich Mean Time|0|0
P|Etc/UTC|UTC|UTC|Coordinated Universal Time|Coordinated Universal Time|0|0
P|MST7MDT|MST|MDT|Mountain Standard Time|Mountain Daylight Time|-25200|3600
P|PST8PDT|PST|PDT|Pacific Standard Time|Pacific Daylight Time|-28800|3600
P|Asia/Aden|AST|ADT|Arabian Standard Time|Arabian Daylight Time|10800|0
P|Asia/Baku|AZT|AZST|Azerbaijan Standard Time|Azerbaijan Summer Time|14400|0
P|Asia/Dili|TLT|TLST|East Timor Time|Timor-Leste Summer Time|32400|0
P|Asia/Gaza|EET|EEST|Eastern European Standard Time|Eastern European Summer Time|7200|3600
P|Asia/Hovd|HOVT|HOVST|Hovd Standard Time|Hovd Summer Time|25200|0
P|Asia/Omsk|OMST|OMSST|Omsk Standard Time|Omsk Summer Time|21600|0
P|Asia/Oral|ORAT|ORAST|West Kazakhstan Time|Oral Summer Time|18000|0
P|Asia/Amman|EET|EEST|Eastern European Standard Time|Eastern European Summer Time|10800|0
P|Asia/Aqtau|AQTT|AQTST|West Kazakhstan Time|Aqtau Summer Time|18000|0
P|Asia/Chita|YAKT|YAKST|Yakutsk Standard Time|Yakutsk Summer Time|32400|0
P|Asia/Dhaka|BDT|BDST|Bangladesh Standard Time|Bangladesh Summer Time|21600|0
P|Asia/Dubai|GST|GDT|Gulf Standard Time|Gulf Daylight Time|14400|0
P|Asia/Kabul|AFT|AFST|Afghanistan Time|Afghanistan Summer Time|16200|0
P|Asia/Macau|CST|CDT|China Standard Time|China Daylight Time|28800|0
P|Asia/Qatar|AST|ADT|Arabian Standard Time|Arabian Daylight Time|10800|0
P|Asia/Seoul|KST|KDT|Korean Standard Time|Korean Daylight Time|32400|0
P|Africa/Juba|CAT|CAST|Central Africa Time|Central African Summer Time|7200|0
P|Africa/Lome|GMT|GMT|Greenwich Mean Time|Greenwich Mean Time|0|0
P|Asia/Almaty|ALMT|ALMST|East Kazakhstan Time|Alma-Ata Summer Time|18000|0
P|Asia/Anadyr|ANAT|ANAST|Anadyr Standard Time|Anadyr Summer Time|43200|0
P|Asia/Aqtobe|AQTT|AQTST|West Kazakhstan Time|Aqtobe Summer Time|18000|0
P|Asia/Atyrau|GMT+05:00|GMT+05:00|West Kazakhstan Time|Atyrau Daylight Time|18000|0
P|Asia/Beirut|EET|EEST|Eastern European Standard Time|Eastern European Summer Time|7200|3600
P|Asia/Brunei|BNT|BNST|Brunei Darussalam Time|Brunei Summer Time|28800|0
P|Asia/Harbin|CST|CDT|China Standard Time|China Daylight Time|28800|0
P|Asia/Hebron|EET|EEST|Eastern European Standard Time|Eastern European Summer Time|7200|3600
P|Asia/Kuwait|AST|ADT|Arabian Standard Time|Arabian Daylight Time|10800|0
P|Asia/Manila|PST|PDT|Philippine Standard Time|Philippine Summer Time|28800|0
P|Asia/Muscat|GST|GDT|Gulf Standard Time|Gulf Daylight Time|14400|0
P|Asia/Riyadh|AST|ADT|Arabian Standard Time|Arabian Daylight Time|10800|0
P|Asia/Saigon|ICT|ICST|Indochina Time|Indochina Summer Time|25200|0
P|Asia/Taipei|CST|CDT|Taipei Standard Time|Taipei Daylight Time|28800|0
P|Asia/Tehran|IRST|IRDT|Iran Standard Time|Iran Daylight Time|12600|0
P|Europe/Kiev|EET|EEST|Eastern European Standard Time|Eastern European Summer Time|7200|3600
P|Europe/Oslo|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|Europe/Riga|EET|EEST|Eastern European Standard Time|Eastern European Summer Time|7200|3600
P|Europe/Rome|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|Indian/Mahe|SCT|SCST|Seychelles Time|Seychelles Summer Time|14400|0
P|Pacific/Yap|CHUT|CHUST|Chuuk Time|Chuuk Summer Time|36000|0
P|Africa/Accra|GMT|GHST|Greenwich Mean Time|Ghana Summer Time|0|0
P|Africa/Cairo|EET|EEST|Eastern European Standard Time|Eastern European Summer Time|7200|3600
P|Africa/Ceuta|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|Africa/Dakar|GMT|GMT|Greenwich Mean Time|Greenwich Mean Time|0|0
P|Africa/Lagos|WAT|WAST|West Africa Standard Time|West Africa Summer Time|3600|0
P|Africa/Tunis|CET|CEST|Central European Standard Time|Central European Summer Time|3600|0
P|America/Adak|HAST|HADT|Hawaii-Aleutian Standard Time|Hawaii-Aleutian Daylight Time|-36000|3600
P|America/Lima|PET|PEST|Peru Standard Time|Peru Summer Time|-18000|0
P|America/Nome|AKST|AKDT|Alaska Standard Time|Alaska Daylight Time|-32400|3600
P|Asia/Baghdad|AST|ADT|Arabian Standard Time|Arabian Daylight Time|10800|0
P|Asia/Bahrain|AST|ADT|Arabian Standard Time|Arabian Daylight Time|10800|0
P|Asia/Bangkok|ICT|ICST|Indochina Time|Indochina Summer Time|25200|0
P|Asia/Bishkek|KGT|KGST|Kyrgyzstan Time|Kirgizstan Summer Time|21600|0
P|Asia/Colombo|IST|IDT|India Standard Time|India Daylight Time|19800|0
P|Asia/Irkutsk|IRKT|IRKST|Irkutsk Standard Time|Irkutsk Summer Time|28800|0
P|Asia/Jakarta|WIB|WIST|Western Indonesia Time|West Indonesia Summer Time|25200|0
P|Asia/Karachi|PKT|PKST|Pakistan Standard Time|Pakistan Summer Time|18000|0
P|Asia/Kuching|MYT|MYST|Malaysia Time|Malaysia Summer Time|28800|0
P|Asia/Magadan|MAGT|MAGST|Magadan Standard Time|Magadan Summer Time|39600|0
P|Asia/Nicosia|EET|EEST|Eastern European Standard Time|Eastern European Summer Time|7200|3600
P|Asia/Rangoon|MMT|MMST|Myanmar Time|Myanmar Summer Time|23400|0
P|Asia/Tbilisi|GET|GEST|Georgia Standard Time|Georgia Summer Time|14400|0
P|Asia/Thimphu|BTT|BTST|Bhutan Time|Bhutan Summer Time|21600|0
P|Asia/Yakutsk|YAKT|YAKST|Yakutsk Standard Time|Yakutsk Summer Time|32400|0
P|Asia/Yerevan|AMT|AMST|Armenia Standard Time|Armenia Summer Time|14400|0
P|Europe/Malta|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|Europe/Minsk|MSK|MSD|Moscow Standard Time|Moscow Summer Time|10800|0
P|Europe/Sofia|EET|EEST|Eastern European Standard Time|Eastern European Summer Time|7200|3600
P|Europe/Vaduz|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|Indian/Cocos|CCT|CCST|Cocos Islands Time|Cocos Islands Summer Time|23400|0
P|Pacific/Apia|WSST|WSDT|Apia Standard Time|Apia Daylight Time|46800|0
P|Pacific/Fiji|FJT|FJST|Fiji Standard Time|Fiji Summer Time|43200|0
P|Pacific/Guam|ChST|ChDT|Chamorro Standard Time|Chamorro Daylight Time|36000|0
P|Pacific/Niue|NUT|NUST|Niue Time|Niue Summer Time|-39600|0
P|Pacific/Truk|CHUT|CHUST|Chuuk Time|Chuuk Summer Time|36000|0
P|Pacific/Wake|WAKT|WAKST|Wake Island Time|Wake Summer Time|43200|0
P|SystemV/AST4|AST|ADT|Atlantic Standard Time|Atlantic Daylight Time|-14400|0
P|SystemV/CST6|CST|CDT|Central Standard Time|Central Daylight Time|-21600|0
P|SystemV/EST5|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|0
P|SystemV/MST7|MST|MDT|Mountain Standard Time|Mountain Daylight Time|-25200|0
P|SystemV/PST8|PST|PST|Pitcairn Time|Pitcairn Time|-28800|0
P|SystemV/YST9|AKST|AKST|Gambier Time|Gambier Time|-32400|0
P|Africa/Asmera|EAT|EAST|East Africa Time|Eastern African Summer Time|10800|0
P|Africa/Bamako|GMT|GMT|Greenwich Mean Time|Greenwich Mean Time|0|0
P|Africa/Bangui|WAT|WAST|West Africa Standard Time|West Africa Summer Time|3600|0
P|Africa/Banjul|GMT|GMT|Greenwich Mean Time|Greenwich Mean Time|0|0
P|Africa/Bissau|GMT|GMT|Greenwich Mean Time|Greenwich Mean Time|0|0
P|Africa/Douala|WAT|WAST|West Africa Standard Time|West Africa Summer Time|3600|0
P|Africa/Harare|CAT|CAST|Central Africa Time|Central African Summer Time|7200|0
P|Africa/Kigali|CAT|CAST|Central Africa Time|Central African Summer Time|7200|0
P|Africa/Luanda|WAT|WAST|West Africa Standard Time|West Africa Summer Time|3600|0
P|Africa/Lusaka|CAT|CAST|Central Africa Time|Central African Summer Time|7200|0
P|Africa/Malabo|WAT|WAST|West Africa Standard Time|West Africa Summer Time|3600|0
P|Africa/Maputo|CAT|CAST|Central Africa Time|Central African Summer Time|7200|0
P|Africa/Maseru|SAST|SAST|South Africa Standard Time|South Africa Summer Time|7200|0
P|Africa/Niamey|WAT|WAST|West Africa Standard Time|West Africa Summer Time|3600|0
P|America/Aruba|AST|ADT|Atlantic Standard Time|Atlantic Daylight Time|-14400|0
P|America/Bahia|BRT|BRST|Brasilia Standard Time|Brasilia Summer Time|-10800|0
P|America/Belem|BRT|BRST|Brasilia Standard Time|Brasilia Summer Time|-10800|0
P|America/Boise|MST|MDT|Mountain Standard Time|Mountain Daylight Time|-25200|3600
P|America/Jujuy|ART|ARST|Argentina Standard Time|Argentina Summer Time|-10800|0
P|America/Thule|AST|ADT|Atlantic Standard Time|Atlantic Daylight Time|-14400|3600
P|Asia/Ashgabat|TMT|TMST|Turkmenistan Standard Time|Turkmenistan Summer Time|18000|0
P|Asia/Calcutta|IST|IDT|India Standard Time|India Daylight Time|19800|0
P|Asia/Damascus|EET|EEST|Eastern European Standard Time|Eastern European Summer Time|10800|0
P|Asia/Dushanbe|TJT|TJST|Tajikistan Time|Tajikistan Summer Time|18000|0
P|Asia/Jayapura|WIT|EIST|Eastern Indonesia Time|East Indonesia Summer Time|32400|0
P|Asia/Katmandu|NPT|NPST|Nepal Time|Nepal Summer Time|20700|0
P|Asia/Khandyga|YAKT|YAKST|Yakutsk Standard Time|Yakutsk Summer Time|32400|0
P|Asia/Makassar|WITA|CIST|Central Indonesia Time|Central Indonesia Summer Time|28800|0
P|Asia/Qostanay|QOST|QOSST|East Kazakhstan Time|Kostanay Summer Time|18000|0
P|Asia/Sakhalin|SAKT|SAKST|Sakhalin Standard Time|Sakhalin Summer Time|39600|0
P|Asia/Tashkent|UZT|UZST|Uzbekistan Standard Time|Uzbekistan Summer Time|18000|0
P|Asia/Ust-Nera|VLAT|VLAST|Vladivostok Standard Time|Vladivostok Summer Time|36000|0
P|Europe/Athens|EET|EEST|Eastern European Standard Time|Eastern European Summer Time|7200|3600
P|Europe/Berlin|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|Europe/Dublin|GMT|IST|Greenwich Mean Time|Irish Standard Time|0|3600
P|Europe/Jersey|GMT|BST|Greenwich Mean Time|British Summer Time|0|3600
P|Europe/Lisbon|WET|WEST|Western European Standard Time|Western European Summer Time|0|3600
P|Europe/London|GMT|BST|Greenwich Mean Time|British Summer Time|0|3600
P|Europe/Madrid|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|Europe/Monaco|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|Europe/Moscow|MSK|MSD|Moscow Standard Time|Moscow Summer Time|10800|0
P|Europe/Prague|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|Europe/Samara|SAMT|SAMST|Samara Standard Time|Samara Summer Time|14400|0
P|Europe/Skopje|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|Europe/Tirane|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|Europe/Vienna|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|Europe/Warsaw|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|Europe/Zagreb|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|Europe/Zurich|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|Indian/Chagos|IOT|IOST|Indian Ocean Time|Indian Ocean Territory Summer Time|21600|0
P|Indian/Comoro|EAT|EAST|East Africa Time|Eastern African Summer Time|10800|0
P|Pacific/Efate|VUT|VUST|Vanuatu Standard Time|Vanuatu Summer Time|39600|0
P|Pacific/Nauru|NRT|NRST|Nauru Time|Nauru Summer Time|43200|0
P|Pacific/Palau|PWT|PWST|Palau Time|Palau Summer Time|32400|0
P|SystemV/HST10|HST|HDT|Hawaii-Aleutian Standard Time|Hawaii-Aleutian Daylight Time|-36000|0
P|Africa/Abidjan|GMT|GMT|Greenwich Mean Time|Greenwich Mean Time|0|0
P|Africa/Algiers|CET|CEST|Central European Standard Time|Central European Summer Time|3600|0
P|Africa/Conakry|GMT|GMT|Greenwich Mean Time|Greenwich Mean Time|0|0
P|Africa/Kampala|EAT|EAST|East Africa Time|Eastern African Summer Time|10800|0
P|Africa/Mbabane|SAST|SAST|South Africa Standard Time|South Africa Summer Time|7200|0
P|Africa/Nairobi|EAT|EAST|East Africa Time|Eastern African Summer Time|10800|0
P|Africa/Tripoli|EET|EEST|Eastern European Standard Time|Eastern European Summer Time|7200|0
P|America/Belize|CST|CDT|Central Standard Time|Central Daylight Time|-21600|0
P|America/Bogota|COT|COST|Colombia Standard Time|Colombia Summer Time|-18000|0
P|America/Cancun|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|0
P|America/Cayman|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|0
P|America/Cuiaba|AMT|AMST|Amazon Standard Time|Amazon Summer Time|-14400|0
P|America/Dawson|MST|MDT|Mountain Standard Time|Mountain Daylight Time|-25200|0
P|America/Guyana|GYT|GYST|Guyana Time|Guyana Summer Time|-14400|0
P|America/Havana|CST|CDT|Cuba Standard Time|Cuba Daylight Time|-18000|3600
P|America/Inuvik|MST|MDT|Mountain Standard Time|Mountain Daylight Time|-25200|3600
P|America/Juneau|AKST|AKDT|Alaska Standard Time|Alaska Daylight Time|-32400|3600
P|America/La_Paz|BOT|BOST|Bolivia Time|Bolivia Summer Time|-14400|0
P|America/Maceio|BRT|BRST|Brasilia Standard Time|Brasilia Summer Time|-10800|0
P|America/Manaus|AMT|AMST|Amazon Standard Time|Amazon Summer Time|-14400|0
P|America/Merida|CST|CDT|Central Standard Time|Central Daylight Time|-21600|0
P|America/Nassau|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|3600
P|America/Panama|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|0
P|America/Recife|BRT|BRST|Brasilia Standard Time|Brasilia Summer Time|-10800|0
P|America/Regina|CST|CDT|Central Standard Time|Central Daylight Time|-21600|0
P|Asia/Chongqing|CST|CDT|China Standard Time|China Daylight Time|28800|0
P|Asia/Hong_Kong|HKT|HKST|Hong Kong Standard Time|Hong Kong Summer Time|28800|0
P|Asia/Kamchatka|PETT|PETST|Petropavlovsk-Kamchatski Standard Time|Petropavlovsk-Kamchatski Summer Time|43200|0
P|Asia/Pontianak|WIB|WIST|Western Indonesia Time|West Indonesia Summer Time|25200|0
P|Asia/Pyongyang|KST|KDT|Korean Standard Time|Korean Daylight Time|32400|0
P|Asia/Qyzylorda|QYZT|QYZST|West Kazakhstan Time|Qyzylorda Summer Time|18000|0
P|Asia/Samarkand|UZT|UZST|Uzbekistan Standard Time|Uzbekistan Summer Time|18000|0
P|Asia/Singapore|SGT|SGST|Singapore Standard Time|Singapore Summer Time|28800|0
P|Asia/Vientiane|ICT|ICST|Indochina Time|Indochina Summer Time|25200|0
P|Europe/Andorra|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|Europe/Belfast|GMT|BST|Greenwich Mean Time|British Summer Time|0|3600
P|Europe/Tallinn|EET|EEST|Eastern European Standard Time|Eastern European Summer Time|7200|3600
P|Europe/Vatican|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|Europe/Vilnius|EET|EEST|Eastern European Standard Time|Eastern European Summer Time|7200|3600
P|Indian/Mayotte|EAT|EAST|East Africa Time|Eastern African Summer Time|10800|0
P|Indian/Reunion|RET|REST|Réunion Time|Reunion Summer Time|14400|0
P|Pacific/Easter|EAST|EASST|Easter Island Standard Time|Easter Island Summer Time|-21600|3600
P|Pacific/Kosrae|KOST|KOSST|Kosrae Time|Kosrae Summer Time|39600|0
P|Pacific/Majuro|MHT|MHST|Marshall Islands Time|Marshall Islands Summer Time|43200|0
P|Pacific/Midway|SST|SDT|Samoa Standard Time|Samoa Daylight Time|-39600|0
P|Pacific/Noumea|NCT|NCST|New Caledonia Standard Time|New Caledonia Summer Time|39600|0
P|Pacific/Ponape|PONT|PONST|Ponape Time|Pohnpei Summer Time|39600|0
P|Pacific/Saipan|ChST|ChDT|Chamorro Standard Time|Chamorro Daylight Time|36000|0
P|Pacific/Tahiti|TAHT|TAHST|Tahiti Time|Tahiti Summer Time|-36000|0
P|Pacific/Tarawa|GILT|GILST|Gilbert Islands Time|Gilbert Is. Summer Time|43200|0
P|Pacific/Wallis|WFT|WFST|Wallis & Futuna Time|Wallis & Futuna Summer Time|43200|0
P|Africa/Blantyre|CAT|CAST|Central Africa Time|Central African Summer Time|7200|0
P|Africa/Djibouti|EAT|EAST|East Africa Time|Eastern African Summer Time|10800|0
P|Africa/Freetown|GMT|GMT|Greenwich Mean Time|Greenwich Mean Time|0|0
P|Africa/Gaborone|CAT|CAST|Central Africa Time|Central African Summer Time|7200|0
P|Africa/Khartoum|CAT|CAST|Central Africa Time|Central African Summer Time|7200|0
P|Africa/Kinshasa|WAT|WAST|West Africa Standard Time|West Africa Summer Time|3600|0
P|Africa/Monrovia|GMT|GMT|Greenwich Mean Time|Greenwich Mean Time|0|0
P|Africa/Ndjamena|WAT|WAST|West Africa Standard Time|West Africa Summer Time|3600|0
P|Africa/Sao_Tome|GMT|GMT|Greenwich Mean Time|Greenwich Mean Time|0|0
P|Africa/Timbuktu|GMT|GMT|Greenwich Mean Time|Greenwich Mean Time|0|0
P|Africa/Windhoek|CAT|WAT|Central Africa Time|Western African Time|3600|0
P|America/Antigua|AST|ADT|Atlantic Standard Time|Atlantic Daylight Time|-14400|0
P|America/Caracas|VET|VEST|Venezuela Time|Venezuela Summer Time|-14400|0
P|America/Cayenne|GFT|GFST|French Guiana Time|French Guiana Summer Time|-10800|0
P|America/Cordoba|ART|ARST|Argentina Standard Time|Argentina Summer Time|-10800|0
P|America/Creston|MST|MDT|Mountain Standard Time|Mountain Daylight Time|-25200|0
P|America/Curacao|AST|ADT|Atlantic Standard Time|Atlantic Daylight Time|-14400|0
P|America/Detroit|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|3600
P|America/Godthab|WGT|WGST|West Greenland Standard Time|West Greenland Summer Time|-7200|3600
P|America/Grenada|AST|ADT|Atlantic Standard Time|Atlantic Daylight Time|-14400|0
P|America/Iqaluit|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|3600
P|America/Jamaica|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|0
P|America/Managua|CST|CDT|Central Standard Time|Central Daylight Time|-21600|0
P|America/Marigot|AST|ADT|Atlantic Standard Time|Atlantic Daylight Time|-14400|0
P|America/Mendoza|ART|ARST|Argentina Standard Time|Argentina Summer Time|-10800|0
P|America/Moncton|AST|ADT|Atlantic Standard Time|Atlantic Daylight Time|-14400|3600
P|America/Nipigon|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|3600
P|America/Noronha|FNT|FNST|Fernando de Noronha Standard Time|Fernando de Noronha Summer Time|-7200|0
P|America/Ojinaga|CST|CDT|Central Standard Time|Central Daylight Time|-21600|3600
P|America/Tijuana|PST|PDT|Pacific Standard Time|Pacific Daylight Time|-28800|3600
P|America/Toronto|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|3600
P|America/Tortola|AST|ADT|Atlantic Standard Time|Atlantic Daylight Time|-14400|0
P|America/Yakutat|AKST|AKDT|Alaska Standard Time|Alaska Daylight Time|-32400|3600
P|Asia/Choibalsan|CHOT|CHOST|Ulaanbaatar Standard Time|Ulaanbaatar Summer Time|28800|0
P|Asia/Phnom_Penh|ICT|ICST|Indochina Time|Indochina Summer Time|25200|0
P|Atlantic/Azores|AZOT|AZOST|Azores Standard Time|Azores Summer Time|-3600|3600
P|Atlantic/Canary|WET|WEST|Western European Standard Time|Western European Summer Time|0|3600
P|Atlantic/Faeroe|WET|WEST|Western European Standard Time|Western European Summer Time|0|3600
P|Australia/Eucla|ACWST|ACWDT|Australian Central Western Standard Time|Australian Central Western Daylight Time|31500|0
P|Australia/Perth|AWST|AWDT|Australian Western Standard Time|Australian Western Daylight Time|28800|0
P|Europe/Belgrade|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|Europe/Brussels|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|Europe/Budapest|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|Europe/Busingen|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|Europe/Chisinau|EET|EEST|Eastern European Standard Time|Eastern European Summer Time|7200|3600
P|Europe/Guernsey|GMT|BST|Greenwich Mean Time|British Summer Time|0|3600
P|Europe/Helsinki|EET|EEST|Eastern European Standard Time|Eastern European Summer Time|7200|3600
P|Europe/Sarajevo|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|Europe/Uzhgorod|EET|EEST|Eastern European Standard Time|Eastern European Summer Time|7200|3600
P|Indian/Maldives|MVT|MVST|Maldives Time|Maldives Summer Time|18000|0
P|Pacific/Chatham|CHAST|CHADT|Chatham Standard Time|Chatham Daylight Time|45900|3600
P|Pacific/Fakaofo|TKT|TKST|Tokelau Time|Tokelau Summer Time|46800|0
P|Pacific/Gambier|GAMT|GAMST|Gambier Time|Gambier Summer Time|-32400|0
P|Pacific/Norfolk|NFT|NFST|Norfolk Island Standard Time|Norfolk Island Daylight Time|39600|3600
P|SystemV/AST4ADT|AST|ADT|Atlantic Standard Time|Atlantic Daylight Time|-14400|3600
P|SystemV/CST6CDT|CST|CDT|Central Standard Time|Central Daylight Time|-21600|3600
P|SystemV/EST5EDT|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|3600
P|SystemV/MST7MDT|MST|MDT|Mountain Standard Time|Mountain Daylight Time|-25200|3600
P|SystemV/PST8PDT|PST|PDT|Pacific Standard Time|Pacific Daylight Time|-28800|3600
P|SystemV/YST9YDT|AKST|AKDT|Alaska Standard Time|Alaska Daylight Time|-32400|3600
P|Africa/Bujumbura|CAT|CAST|Central Africa Time|Central African Summer Time|7200|0
P|Africa/Mogadishu|EAT|EAST|East Africa Time|Eastern African Summer Time|10800|0
P|America/Anguilla|AST|ADT|Atlantic Standard Time|Atlantic Daylight Time|-14400|0
P|America/Asuncion|PYT|PYST|Paraguay Standard Time|Paraguay Summer Time|-10800|0
P|America/Barbados|AST|ADT|Atlantic Standard Time|Atlantic Daylight Time|-14400|0
P|America/Dominica|AST|ADT|Atlantic Standard Time|Atlantic Daylight Time|-14400|0
P|America/Edmonton|MST|MDT|Mountain Standard Time|Mountain Daylight Time|-25200|3600
P|America/Eirunepe|ACT|ACST|Acre Standard Time|Acre Summer Time|-18000|0
P|America/Mazatlan|MST|MDT|Mexican Pacific Standard Time|Mexican Pacific Daylight Time|-25200|0
P|America/Miquelon|PMST|PMDT|St. Pierre & Miquelon Standard Time|St. Pierre & Miquelon Daylight Time|-10800|3600
P|America/Montreal|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|3600
P|America/Resolute|CST|CDT|Central Standard Time|Central Daylight Time|-21600|3600
P|America/Santarem|BRT|BRST|Brasilia Standard Time|Brasilia Summer Time|-10800|0
P|America/Santiago|CLT|CLST|Chile Standard Time|Chile Summer Time|-14400|3600
P|America/Shiprock|MST|MDT|Mountain Standard Time|Mountain Daylight Time|-25200|3600
P|America/St_Kitts|AST|ADT|Atlantic Standard Time|Atlantic Daylight Time|-14400|0
P|America/St_Lucia|AST|ADT|Atlantic Standard Time|Atlantic Daylight Time|-14400|0
P|America/Winnipeg|CST|CDT|Central Standard Time|Central Daylight Time|-21600|3600
P|Antarctica/Casey|AWST|AWDT|Casey Time|Australian Western Daylight Time|28800|0
P|Antarctica/Davis|DAVT|DAVST|Davis Time|Davis Summer Time|25200|0
P|Antarctica/Syowa|SYOT|SYOST|Syowa Time|Syowa Summer Time|10800|0
P|Antarctica/Troll|GMT|CEST|Greenwich Mean Time|Central European Summer Time|0|7200
P|Asia/Krasnoyarsk|KRAT|KRAST|Krasnoyarsk Standard Time|Krasnoyarsk Summer Time|25200|0
P|Asia/Novosibirsk|NOVT|NOVST|Novosibirsk Standard Time|Novosibirsk Summer Time|25200|0
P|Asia/Ulaanbaatar|ULAT|ULAST|Ulaanbaatar Standard Time|Ulaanbaatar Summer Time|28800|0
P|Asia/Vladivostok|VLAT|VLAST|Vladivostok Standard Time|Vladivostok Summer Time|36000|0
P|Atlantic/Bermuda|AST|ADT|Atlantic Standard Time|Atlantic Daylight Time|-14400|3600
P|Atlantic/Madeira|WET|WEST|Western European Standard Time|Western European Summer Time|0|3600
P|Atlantic/Stanley|FKT|FKST|Falkland Islands Standard Time|Falkland Islands Summer Time|-10800|0
P|Australia/Currie|AEST|AEDT|Australian Eastern Standard Time|Australian Eastern Daylight Time|36000|3600
P|Australia/Darwin|ACST|ACDT|Australian Central Standard Time|Australian Central Daylight Time|34200|0
P|Australia/Hobart|AEST|AEDT|Australian Eastern Standard Time|Australian Eastern Daylight Time|36000|3600
P|Australia/Sydney|AEST|AEDT|Australian Eastern Standard Time|Australian Eastern Daylight Time|36000|3600
P|Europe/Amsterdam|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|Europe/Gibraltar|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|Europe/Ljubljana|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|Europe/Mariehamn|EET|EEST|Eastern European Standard Time|Eastern European Summer Time|7200|3600
P|Europe/Podgorica|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|Europe/Stockholm|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|Europe/Volgograd|MSK|MSD|Volgograd Standard Time|Volgograd Summer Time|10800|0
P|Indian/Christmas|CXT|CXST|Christmas Island Time|Christmas Island Summer Time|25200|0
P|Indian/Kerguelen|TFT|TFST|French Southern & Antarctic Time|French Southern & Antarctic Lands Summer Time|18000|0
P|Indian/Mauritius|MUT|MUST|Mauritius Standard Time|Mauritius Summer Time|14400|0
P|Pacific/Auckland|NZST|NZDT|New Zealand Standard Time|New Zealand Daylight Time|43200|3600
P|Pacific/Funafuti|TVT|TVST|Tuvalu Time|Tuvalu Summer Time|43200|0
P|Pacific/Johnston|HAST|HADT|Hawaii-Aleutian Standard Time|Hawaii-Aleutian Daylight Time|-36000|0
P|Pacific/Pitcairn|PST|PDT|Pitcairn Time|Pitcairn Daylight Time|-28800|0
P|Africa/Libreville|WAT|WAST|West Africa Standard Time|West Africa Summer Time|3600|0
P|Africa/Lubumbashi|CAT|CAST|Central Africa Time|Central African Summer Time|7200|0
P|Africa/Nouakchott|GMT|GMT|Greenwich Mean Time|Greenwich Mean Time|0|0
P|Africa/Porto-Novo|WAT|WAST|West Africa Standard Time|West Africa Summer Time|3600|0
P|America/Araguaina|BRT|BRST|Brasilia Standard Time|Brasilia Summer Time|-10800|0
P|America/Boa_Vista|AMT|AMST|Amazon Standard Time|Amazon Summer Time|-14400|0
P|America/Catamarca|ART|ARST|Argentina Standard Time|Argentina Summer Time|-10800|0
P|America/Chihuahua|CST|CDT|Central Standard Time|Central Daylight Time|-21600|0
P|America/Fortaleza|BRT|BRST|Brasilia Standard Time|Brasilia Summer Time|-10800|0
P|America/Glace_Bay|AST|ADT|Atlantic Standard Time|Atlantic Daylight Time|-14400|3600
P|America/Goose_Bay|AST|ADT|Atlantic Standard Time|Atlantic Daylight Time|-14400|3600
P|America/Guatemala|CST|CDT|Central Standard Time|Central Daylight Time|-21600|0
P|America/Guayaquil|ECT|ECST|Ecuador Time|Ecuador Summer Time|-18000|0
P|America/Matamoros|CST|CDT|Central Standard Time|Central Daylight Time|-21600|3600
P|America/Menominee|CST|CDT|Central Standard Time|Central Daylight Time|-21600|3600
P|America/Monterrey|CST|CDT|Central Standard Time|Central Daylight Time|-21600|0
P|America/Sao_Paulo|BRT|BRST|Brasilia Standard Time|Brasilia Summer Time|-10800|0
P|America/St_Thomas|AST|ADT|Atlantic Standard Time|Atlantic Daylight Time|-14400|0
P|America/Vancouver|PST|PDT|Pacific Standard Time|Pacific Daylight Time|-28800|3600
P|Antarctica/Mawson|MAWT|MAWST|Mawson Time|Mawson Summer Time|18000|0
P|Antarctica/Vostok|VOST|VOSST|Vostok Time|Vostok Summer Time|18000|0
P|Asia/Kuala_Lumpur|MYT|MYST|Malaysia Time|Malaysia Summer Time|28800|0
P|Asia/Novokuznetsk|KRAT|KRAST|Krasnoyarsk Standard Time|Krasnoyarsk Summer Time|25200|0
P|Europe/Bratislava|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|Europe/Copenhagen|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|Europe/Luxembourg|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|Europe/San_Marino|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|Europe/Simferopol|MSK|MSD|Moscow Standard Time|Moscow Summer Time|10800|0
P|Europe/Zaporozhye|EET|EEST|Eastern European Standard Time|Eastern European Summer Time|7200|3600
P|Pacific/Enderbury|PHOT|PHOST|Phoenix Islands Time|Phoenix Is. Summer Time|46800|0
P|Pacific/Galapagos|GALT|GALST|Galapagos Time|Galapagos Summer Time|-21600|0
P|Pacific/Kwajalein|MHT|MHST|Marshall Islands Time|Marshall Islands Summer Time|43200|0
P|Pacific/Marquesas|MART|MARST|Marquesas Time|Marquesas Summer Time|-34200|0
P|Pacific/Pago_Pago|SST|SDT|Samoa Standard Time|Samoa Daylight Time|-39600|0
P|Pacific/Rarotonga|CKT|CKHST|Cook Islands Standard Time|Cook Islands Half Summer Time|-36000|0
P|Pacific/Tongatapu|TOT|TOST|Tonga Standard Time|Tonga Summer Time|46800|0
P|Africa/Addis_Ababa|EAT|EAST|East Africa Time|Eastern African Summer Time|10800|0
P|Africa/Brazzaville|WAT|WAST|West Africa Standard Time|West Africa Summer Time|3600|0
P|Africa/Ouagadougou|GMT|GMT|Greenwich Mean Time|Greenwich Mean Time|0|0
P|America/Costa_Rica|CST|CDT|Central Standard Time|Central Daylight Time|-21600|0
P|America/Grand_Turk|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|3600
P|America/Guadeloupe|AST|ADT|Atlantic Standard Time|Atlantic Daylight Time|-14400|0
P|America/Hermosillo|MST|MDT|Mexican Pacific Standard Time|Mexican Pacific Daylight Time|-25200|0
P|America/Kralendijk|AST|ADT|Atlantic Standard Time|Atlantic Daylight Time|-14400|0
P|America/Louisville|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|3600
P|America/Martinique|AST|ADT|Atlantic Standard Time|Atlantic Daylight Time|-14400|0
P|America/Metlakatla|AKST|AKDT|Alaska Standard Time|Alaska Daylight Time|-32400|3600
P|America/Montevideo|UYT|UYST|Uruguay Standard Time|Uruguay Summer Time|-10800|0
P|America/Montserrat|AST|ADT|Atlantic Standard Time|Atlantic Daylight Time|-14400|0
P|America/Paramaribo|SRT|SRST|Suriname Time|Suriname Summer Time|-10800|0
P|America/Rio_Branco|ACT|ACST|Acre Standard Time|Acre Summer Time|-18000|0
P|America/St_Vincent|AST|ADT|Atlantic Standard Time|Atlantic Daylight Time|-14400|0
P|America/Whitehorse|MST|MDT|Mountain Standard Time|Mountain Daylight Time|-25200|0
P|Antarctica/McMurdo|NZST|NZDT|New Zealand Standard Time|New Zealand Daylight Time|43200|3600
P|Antarctica/Rothera|ROTT|ROTST|Rothera Time|Rothera Summer Time|-10800|0
P|Asia/Yekaterinburg|YEKT|YEKST|Yekaterinburg Standard Time|Yekaterinburg Summer Time|18000|0
P|Atlantic/Jan_Mayen|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|Atlantic/Reykjavik|GMT|GMT|Greenwich Mean Time|Greenwich Mean Time|0|0
P|Atlantic/St_Helena|GMT|GMT|Greenwich Mean Time|Greenwich Mean Time|0|0
P|Australia/Adelaide|ACST|ACDT|Australian Central Standard Time|Australian Central Daylight Time|34200|3600
P|Australia/Brisbane|AEST|AEDT|Australian Eastern Standard Time|Australian Eastern Daylight Time|36000|0
P|Australia/Lindeman|AEST|AEDT|Australian Eastern Standard Time|Australian Eastern Daylight Time|36000|0
P|Europe/Isle_of_Man|GMT|BST|Greenwich Mean Time|British Summer Time|0|3600
P|Europe/Kaliningrad|EET|EEST|Eastern European Standard Time|Eastern European Summer Time|7200|0
P|Pacific/Kiritimati|LINT|LINST|Line Islands Time|Line Is. Summer Time|50400|0
P|Africa/Johannesburg|SAST|SAST|South Africa Standard Time|South Africa Summer Time|7200|0
P|America/El_Salvador|CST|CDT|Central Standard Time|Central Daylight Time|-21600|0
P|America/Fort_Nelson|MST|MDT|Mountain Standard Time|Mountain Daylight Time|-25200|0
P|America/Mexico_City|CST|CDT|Central Standard Time|Central Daylight Time|-21600|0
P|America/Pangnirtung|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|3600
P|America/Porto_Velho|AMT|AMST|Amazon Standard Time|Amazon Summer Time|-14400|0
P|America/Puerto_Rico|AST|ADT|Atlantic Standard Time|Atlantic Daylight Time|-14400|0
P|America/Rainy_River|CST|CDT|Central Standard Time|Central Daylight Time|-21600|3600
P|America/Tegucigalpa|CST|CDT|Central Standard Time|Central Daylight Time|-21600|0
P|America/Thunder_Bay|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|3600
P|America/Yellowknife|MST|MDT|Mountain Standard Time|Mountain Daylight Time|-25200|3600
P|Arctic/Longyearbyen|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|Atlantic/Cape_Verde|CVT|CVST|Cape Verde Standard Time|Cape Verde Summer Time|-3600|0
P|Australia/Lord_Howe|LHST|LHDT|Lord Howe Standard Time|Lord Howe Daylight Time|37800|1800
P|Australia/Melbourne|AEST|AEDT|Australian Eastern Standard Time|Australian Eastern Daylight Time|36000|3600
P|Indian/Antananarivo|EAT|EAST|East Africa Time|Eastern African Summer Time|10800|0
P|Pacific/Guadalcanal|SBT|SBST|Solomon Islands Time|Solomon Is. Summer Time|39600|0
P|Africa/Dar_es_Salaam|EAT|EAST|East Africa Time|Eastern African Summer Time|10800|0
P|America/Blanc-Sablon|AST|ADT|Atlantic Standard Time|Atlantic Daylight Time|-14400|0
P|America/Buenos_Aires|ART|ARST|Argentina Standard Time|Argentina Summer Time|-10800|0
P|America/Campo_Grande|AMT|AMST|Amazon Standard Time|Amazon Summer Time|-14400|0
P|America/Danmarkshavn|GMT|GMT|Greenwich Mean Time|Greenwich Mean Time|0|0
P|America/Dawson_Creek|MST|MDT|Mountain Standard Time|Mountain Daylight Time|-25200|0
P|America/Indiana/Knox|CST|CDT|Central Standard Time|Central Daylight Time|-21600|3600
P|America/Rankin_Inlet|CST|CDT|Central Standard Time|Central Daylight Time|-21600|3600
P|America/Santa_Isabel|PST|PDT|Northwest Mexico Standard Time|Northwest Mexico Daylight Time|-28800|3600
P|America/Scoresbysund|EGT|EGST|East Greenland Standard Time|East Greenland Summer Time|-7200|3600
P|Antarctica/Macquarie|AEST|AEDT|Australian Eastern Standard Time|Australian Eastern Daylight Time|36000|3600
P|Pacific/Port_Moresby|PGT|PGST|Papua New Guinea Time|Papua New Guinea Summer Time|36000|0
P|America/Cambridge_Bay|MST|MDT|Mountain Standard Time|Mountain Daylight Time|-25200|3600
P|America/Ciudad_Juarez|MST|MDT|Mountain Standard Time|Mountain Daylight Time|-25200|3600
P|America/Coral_Harbour|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|0
P|America/Indiana/Vevay|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|3600
P|America/Lower_Princes|AST|ADT|Atlantic Standard Time|Atlantic Daylight Time|-14400|0
P|America/Port_of_Spain|AST|ADT|Atlantic Standard Time|Atlantic Daylight Time|-14400|0
P|America/Santo_Domingo|AST|ADT|Atlantic Standard Time|Atlantic Daylight Time|-14400|0
P|America/St_Barthelemy|AST|ADT|Atlantic Standard Time|Atlantic Daylight Time|-14400|0
P|America/Swift_Current|CST|CDT|Central Standard Time|Central Daylight Time|-21600|0
P|Antarctica/South_Pole|NZST|NZDT|New Zealand Standard Time|New Zealand Daylight Time|43200|3600
P|Australia/Broken_Hill|ACST|ACDT|Australian Central Standard Time|Australian Central Daylight Time|34200|3600
P|America/Bahia_Banderas|CST|CDT|Central Standard Time|Central Daylight Time|-21600|0
P|America/Port-au-Prince|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|3600
P|Atlantic/South_Georgia|GST|GDT|South Georgia Time|South Georgia Daylight Time|-7200|0
P|America/Argentina/Salta|ART|ARST|Argentina Standard Time|Argentina Summer Time|-10800|0
P|America/Indiana/Marengo|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|3600
P|America/Indiana/Winamac|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|3600
P|America/Argentina/Tucuman|ART|ARST|Argentina Standard Time|Argentina Summer Time|-10800|0
P|America/Argentina/Ushuaia|ART|ARST|Argentina Standard Time|Argentina Summer Time|-10800|0
P|America/Indiana/Tell_City|CST|CDT|Central Standard Time|Central Daylight Time|-21600|3600
P|America/Indiana/Vincennes|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|3600
P|Antarctica/DumontDUrville|DDUT|DDUST|Dumont-d’Urville Time|Dumont-d'Urville Summer Time|36000|0
P|America/Argentina/La_Rioja|ART|ARST|Argentina Standard Time|Argentina Summer Time|-10800|0
P|America/Argentina/San_Juan|ART|ARST|Argentina Standard Time|Argentina Summer Time|-10800|0
P|America/Argentina/San_Luis|ART|ARST|Argentina Standard Time|Argentina Summer Time|-10800|0
P|America/Indiana/Petersburg|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|3600
P|America/Kentucky/Monticello|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|3600
P|America/North_Dakota/Beulah|CST|CDT|Central Standard Time|Central Daylight Time|-21600|3600
P|America/North_Dakota/Center|CST|CDT|Central Standard Time|Central Daylight Time|-21600|3600
P|America/Argentina/Rio_Gallegos|ART|ARST|Argentina Standard Time|Argentina Summer Time|-10800|0
P|America/North_Dakota/New_Salem|CST|CDT|Central Standard Time|Central Daylight Time|-21600|3600
P|Asia/Chungking|CST|CDT|China Standard Time|China Daylight Time|28800|0
P|Asia/Kashgar|XJT|XJDT|Xinjiang Standard Time|Xinjiang Daylight Time|21600|0
P|Chile/Continental|CLT|CLST|Chile Standard Time|Chile Summer Time|-14400|3600
P|CET|CET|CEST|Central European Time|Central European Summer Time|3600|3600
P|Europe/Istanbul|TRT|TRST|Turkey Time|Turkey Summer Time|10800|0
P|America/Argentina/Catamarca|ART|ARST|Argentina Standard Time|Argentina Summer Time|-10800|0
P|Canada/Yukon|MST|MDT|Mountain Standard Time|Mountain Daylight Time|-25200|0
P|Canada/Atlantic|AST|ADT|Atlantic Standard Time|Atlantic Daylight Time|-14400|3600
P|Australia/Tasmania|AEST|AEDT|Australian Eastern Standard Time|Australian Eastern Daylight Time|36000|3600
P|Libya|EET|EEST|Eastern European Standard Time|Eastern European Summer Time|7200|0
P|America/Argentina/Cordoba|ART|ARST|Argentina Standard Time|Argentina Summer Time|-10800|0
P|IST|IST|IDT|India Standard Time|India Daylight Time|19800|0
P|US/Alaska|AKST|AKDT|Alaska Standard Time|Alaska Daylight Time|-32400|3600
P|Cuba|CST|CDT|Cuba Standard Time|Cuba Daylight Time|-18000|3600
P|Israel|IST|IDT|Israel Standard Time|Israel Daylight Time|7200|3600
P|US/Arizona|MST|MDT|Mountain Standard Time|Mountain Daylight Time|-25200|0
P|Brazil/East|BRT|BRST|Brasilia Standard Time|Brasilia Summer Time|-10800|0
P|Asia/Macao|CST|CDT|China Standard Time|China Daylight Time|28800|0
P|Asia/Tomsk|GMT+07:00|GMT+07:00|Tomsk Standard Time|Tomsk Daylight Time|25200|0
P|America/Argentina/Mendoza|ART|ARST|Argentina Standard Time|Argentina Summer Time|-10800|0
P|Mexico/BajaSur|MST|MDT|Mexican Pacific Standard Time|Mexican Pacific Daylight Time|-25200|0
P|HST|HST|HST|Hawaii Standard Time|Hawaii Standard Time|-36000|0
P|Australia/ACT|AEST|AEDT|Australian Eastern Standard Time|Australian Eastern Daylight Time|36000|3600
P|GB-Eire|GMT|BST|Greenwich Mean Time|British Summer Time|0|3600
P|Asia/Dacca|BDT|BDST|Bangladesh Standard Time|Bangladesh Summer Time|21600|0
P|Pacific/Samoa|SST|SDT|Samoa Standard Time|Samoa Daylight Time|-39600|0
P|America/Fort_Wayne|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|3600
P|Europe/Saratov|GMT+04:00|GMT+04:00|Saratov Standard Time|Saratov Standard Time|14400|0
P|GB|GMT|BST|Greenwich Mean Time|British Summer Time|0|3600
P|Mexico/General|CST|CDT|Central Standard Time|Central Daylight Time|-21600|0
P|Asia/Istanbul|TRT|TRST|Turkey Time|Turkey Summer Time|10800|0
P|NZ-CHAT|CHAST|CHADT|Chatham Standard Time|Chatham Daylight Time|45900|3600
P|America/Porto_Acre|ACT|ACST|Acre Standard Time|Acre Summer Time|-18000|0
P|AGT|ART|ARST|Argentine Time|Argentine Summer Time|-10800|0
P|US/Michigan|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|3600
P|Europe/Tiraspol|EET|EEST|Eastern European Standard Time|Eastern European Summer Time|7200|3600
P|Portugal|WET|WEST|Western European Standard Time|Western European Summer Time|0|3600
P|America/Argentina/Jujuy|ART|ARST|Argentina Standard Time|Argentina Summer Time|-10800|0
P|Universal|UTC|UTC|Coordinated Universal Time|Coordinated Universal Time|0|0
P|Asia/Tel_Aviv|IST|IDT|Israel Standard Time|Israel Daylight Time|7200|3600
P|Pacific/Bougainville|BST|BST|Bougainville Standard Time|Bougainville Daylight Time|39600|0
P|US/Central|CST|CDT|Central Standard Time|Central Daylight Time|-21600|3600
P|Australia/North|ACST|ACDT|Australian Central Standard Time|Australian Central Daylight Time|34200|0
P|VST|ICT|ICST|Indochina Time|Indochina Summer Time|25200|0
P|Australia/Yancowinna|ACST|ACDT|Australian Central Standard Time|Australian Central Daylight Time|34200|3600
P|Australia/Victoria|AEST|AEDT|Australian Eastern Standard Time|Australian Eastern Daylight Time|36000|3600
P|Asia/Barnaul|GMT+07:00|GMT+07:00|Barnaul Standard Time|Barnaul Daylight Time|25200|0
P|EST|EST|EST|Eastern Standard Time|Eastern Standard Time|-18000|0
P|Canada/Pacific|PST|PDT|Pacific Standard Time|Pacific Daylight Time|-28800|3600
P|Pacific/Chuuk|CHUT|CHUST|Chuuk Time|Chuuk Summer Time|36000|0
P|Etc/Universal|UTC|UTC|Coordinated Universal Time|Coordinated Universal Time|0|0
P|Canada/Newfoundland|NST|NDT|Newfoundland Standard Time|Newfoundland Daylight Time|-12600|3600
P|America/Kentucky/Louisville|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|3600
P|Asia/Ho_Chi_Minh|ICT|ICST|Indochina Time|Indochina Summer Time|25200|0
P|Africa/Asmara|EAT|EAST|East Africa Time|Eastern African Summer Time|10800|0
P|ROK|KST|KDT|Korean Standard Time|Korean Daylight Time|32400|0
P|Australia/Queensland|AEST|AEDT|Australian Eastern Standard Time|Australian Eastern Daylight Time|36000|0
P|Asia/Kolkata|IST|IDT|India Standard Time|India Daylight Time|19800|0
P|Australia/Canberra|AEST|AEDT|Australian Eastern Standard Time|Australian Eastern Daylight Time|36000|3600
P|MET|MET|MEST|Middle Europe Time|Middle Europe Summer Time|3600|3600
P|Kwajalein|MHT|MHST|Marshall Islands Time|Marshall Islands Summer Time|43200|0
P|Asia/Ulan_Bator|ULAT|ULAST|Ulaanbaatar Standard Time|Ulaanbaatar Summer Time|28800|0
P|NZ|NZST|NZDT|New Zealand Standard Time|New Zealand Daylight Time|43200|3600
P|Eire|GMT|IST|Greenwich Mean Time|Irish Standard Time|0|3600
P|Atlantic/Faroe|WET|WEST|Western European Standard Time|Western European Summer Time|0|3600
P|Mexico/BajaNorte|PST|PDT|Pacific Standard Time|Pacific Daylight Time|-28800|3600
P|Etc/UCT|UTC|UTC|Coordinated Universal Time|Coordinated Universal Time|0|0
P|America/Atka|HAST|HADT|Hawaii-Aleutian Standard Time|Hawaii-Aleutian Daylight Time|-36000|3600
P|America/Atikokan|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|0
P|Australia/NSW|AEST|AEDT|Australian Eastern Standard Time|Australian Eastern Daylight Time|36000|3600
P|US/Hawaii|HST|HDT|Hawaii-Aleutian Standard Time|Hawaii-Aleutian Daylight Time|-36000|0
P|Zulu|UTC|UTC|Coordinated Universal Time|Coordinated Universal Time|0|0
P|Africa/El_Aaiun|WET|WEST|Western European Time|Western European Summer Time|0|0
P|Brazil/West|AMT|AMST|Amazon Standard Time|Amazon Summer Time|-14400|0
P|Chile/EasterIsland|EAST|EASST|Easter Island Standard Time|Easter Island Summer Time|-21600|3600
P|America/Indiana/Indianapolis|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|3600
P|US/Mountain|MST|MDT|Mountain Standard Time|Mountain Daylight Time|-25200|3600
P|Poland|CET|CEST|Central European Standard Time|Central European Summer Time|3600|3600
P|Antarctica/Palmer|CLT|CLST|Chile Time|Chile Summer Time|-10800|0
P|Asia/Yangon|MMT|MMST|Myanmar Time|Myanmar Summer Time|23400|0
P|Brazil/DeNoronha|FNT|FNST|Fernando de Noronha Standard Time|Fernando de Noronha Summer Time|-7200|0
P|Asia/Ashkhabad|TMT|TMST|Turkmenistan Standard Time|Turkmenistan Summer Time|18000|0
P|Etc/Zulu|UTC|UTC|Coordinated Universal Time|Coordinated Universal Time|0|0
P|America/Punta_Arenas|GMT-03:00|GMT-03:00|Punta Arenas Standard Time|Punta Arenas Standard Time|-10800|0
P|US/Samoa|SST|SDT|Samoa Standard Time|Samoa Daylight Time|-39600|0
P|PRC|CST|CDT|China Standard Time|China Daylight Time|28800|0
P|Iceland|GMT|GMT|Greenwich Mean Time|Greenwich Mean Time|0|0
P|Pacific/Pohnpei|PONT|PONST|Ponape Time|Pohnpei Summer Time|39600|0
P|Asia/Ujung_Pandang|WITA|CIST|Central Indonesia Time|Central Indonesia Summer Time|28800|0
P|America/Knox_IN|CST|CDT|Central Standard Time|Central Daylight Time|-21600|3600
P|Europe/Kirov|MSK|MSD|Moscow Standard Time|Moscow Daylight Time|10800|0
P|Pacific/Kanton|GMT+13:00|GMT+13:00|Kanton Standard Time|Kanton Daylight Time|46800|0
P|Greenwich|GMT|GMT|Greenwich Mean Time|Greenwich Mean Time|0|0
P|Australia/South|ACST|ACDT|Australian Central Standard Time|Australian Central Daylight Time|34200|3600
P|Canada/Central|CST|CDT|Central Standard Time|Central Daylight Time|-21600|3600
P|IET|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|3600
P|US/Eastern|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|3600
P|Africa/Casablanca|WET|WEST|Western European Time|Western European Summer Time|0|0
P|Canada/Eastern|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|3600
P|Singapore|SGT|SGST|Singapore Standard Time|Singapore Summer Time|28800|0
P|Brazil/Acre|ACT|ACST|Acre Standard Time|Acre Summer Time|-18000|0
P|US/East-Indiana|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|3600
P|Asia/Kathmandu|NPT|NPST|Nepal Time|Nepal Summer Time|20700|0
P|Australia/LHI|LHST|LHDT|Lord Howe Standard Time|Lord Howe Daylight Time|37800|1800
P|Canada/Mountain|MST|MDT|Mountain Standard Time|Mountain Daylight Time|-25200|3600
P|Australia/West|AWST|AWDT|Australian Western Standard Time|Australian Western Daylight Time|28800|0
P|US/Indiana-Starke|CST|CDT|Central Standard Time|Central Daylight Time|-21600|3600
P|Asia/Urumqi|XJT|XJDT|Xinjiang Standard Time|Xinjiang Daylight Time|21600|0
P|US/Aleutian|HAST|HADT|Hawaii-Aleutian Standard Time|Hawaii-Aleutian Daylight Time|-36000|3600
P|Iran|IRST|IRDT|Iran Standard Time|Iran Daylight Time|12600|0
P|Asia/Thimbu|BTT|BTST|Bhutan Time|Bhutan Summer Time|21600|0
P|Navajo|MST|MDT|Mountain Standard Time|Mountain Daylight Time|-25200|3600
P|Turkey|TRT|TRST|Turkey Time|Turkey Summer Time|10800|0
P|Jamaica|EST|EDT|Eastern Standard Time|Eastern Daylight Time|-18000|0
P|WET|WET|WEST|Western European Time|Western European Summer Time|0|3600
P|Europe/Astrakhan|GMT+04:00|GMT+04:00|Astrakhan Standard Time|Astrakhan Standard Time|14400|0
P|Etc/Greenwich|GMT|GMT|Greenwich Mean Time|Greenwich Mean Time|0|0
P|America/Ensenada|PST|PDT|Pacific Standard Time|Pacific Daylight Time|-28800|3600
P|America/Virgin|AST|ADT|Atlantic Standard Time|Atlantic Daylight Time|-14400|0
P|MST|MST|MST|Mountain Standard Time|Mountain Standard Time|-25200|0
P|Europe/Kyiv|EET|EEST|Eastern European Standard Time|Eastern European Summer Time|7200|3600
P|Hongkong|HKT|HKST|Hong Kong Standard Time|Hong Kong Summer Time|28800|0
P|UCT|UTC|UTC|Coordinated Universal Time|Coordinated Universal Time|0|0
P|America/Argentina/ComodRivadavia|ART|ARST|Argentina Standard Time|Argentina Summer Time|-10800|0
P|Asia/Famagusta|EET|EEST|Eastern European Time|Eastern European Summer Time|7200|3600
P|Japan|JST|JDT|Japan Standard Time|Japan Daylight Time|32400|0
P|America/Nuuk|WGT|WGST|West Greenland Standard Time|West Greenland Summer Time|-7200|3600
P|Europe/Ulyanovsk|GMT+04:00|GMT+04:00|Ulyanovsk Standard Time|Ulyanovsk Standard Time|14400|0
P|W-SU|MSK|MSD|Moscow Standard Time|Moscow Summer Time|10800|0
P|EET|EET|EEST|Eastern European Time|Eastern European Summer Time|7200|3600
P|America/Rosario|ART|ARST|Argentina Standard Time|Argentina Summer Time|-10800|0
P|Canada/Saskatchewan|CST|CDT|Central Standard Time|Central Daylight Time|-21600|0
P|Egypt|EET|EEST|Eastern European Standard Time|Eastern European Summer Time|7200|3600
P|Asia/Srednekolymsk|SRET|SREDT|Srednekolymsk Time|Srednekolymsk Daylight Time|39600|0
P|America/Argentina/Buenos_Aires|ART|ARST|Argentina Standard Time|Argentina Summer Time|-10800|0
P|Europe/Nicosia|EET|EEST|Eastern European Standard Time|Eastern European Summer Time|7200|3600
P|US/Pacific|PST|PDT|Pacific Standard Time|Pacific Daylight Time|-28800|3600
F|Etc/GMT+0|GMT|GMT|Greenwich Mean Time|Greenwich Mean Time|0|0
F|Etc/GMT+1|GMT-01:00|GMT-01:00|GMT-01:00|GMT-01:00|-3600|0
F|Etc/GMT+10|GMT-10:00|GMT-10:00|GMT-10:00|GMT-10:00|-36000|0
F|Etc/GMT+11|GMT-11:00|GMT-11:00|GMT-11:00|GMT-11:00|-39600|0
F|Etc/GMT+12|GMT-12:00|GMT-12:00|GMT-12:00|GMT-12:00|-43200|0
F|Etc/GMT+2|GMT-02:00|GMT-02:00|GMT-02:00|GMT-02:00|-7200|0
F|Etc/GMT+3|GMT-03:00|GMT-03:00|GMT-03:00|GMT-03:00|-10800|0
F|Etc/GMT+4|GMT-04:00|GMT-04:00|GMT-04:00|GMT-04:00|-14400|0
F|Etc/GMT+5|GMT-05:00|GMT-05:00|GMT-05:00|GMT-05:00|-18000|0
F|Etc/GMT+6|GMT-06:00|GMT-06:00|GMT-06:00|GMT-06:00|-21600|0
F|Etc/GMT+7|GMT-07:00|GMT-07:00|GMT-07:00|GMT-07:00|-25200|0
F|Etc/GMT+8|GMT-08:00|GMT-08:00|GMT-08:00|GMT-08:00|-28800|0
F|Etc/GMT+9|GMT-09:00|GMT-09:00|GMT-09:00|GMT-09:00|-32400|0
F|Etc/GMT-0|GMT|GMT|Greenwich Mean Time|Greenwich Mean Time|0|0
F|Etc/GMT-1|GMT+01:00|GMT+01:00|GMT+01:00|GMT+01:00|3600|0
F|Etc/GMT-10|GMT+10:00|GMT+10:00|GMT+10:00|GMT+10:00|36000|0
F|Etc/GMT-11|GMT+11:00|GMT+11:00|GMT+11:00|GMT+11:00|39600|0
F|Etc/GMT-12|GMT+12:00|GMT+12:00|GMT+12:00|GMT+12:00|43200|0
F|Etc/GMT-13|GMT+13:00|GMT+13:00|GMT+13:00|GMT+13:00|46800|0
F|Etc/GMT-14|GMT+14:00|GMT+14:00|GMT+14:00|GMT+14:00|50400|0
F|Etc/GMT-2|GMT+02:00|GMT+02:00|GMT+02:00|GMT+02:00|7200|0
F|Etc/GMT-3|GMT+03:00|GMT+03:00|GMT+03:00|GMT+03:00|10800|0
F|Etc/GMT-4|GMT+04:00|GMT+04:00|GMT+04:00|GMT+04:00|14400|0
F|Etc/GMT-5|GMT+05:00|GMT+05:00|GMT+05:00|GMT+05:00|18000|0
F|Etc/GMT-6|GMT+06:00|GMT+06:00|GMT+06:00|GMT+06:00|21600|0
F|Etc/GMT-7|GMT+07:00|GMT+07:00|GMT+07:00|GMT+07:00|25200|0
F|Etc/GMT-8|GMT+08:00|GMT+08:00|GMT+08:00|GMT+08:00|28800|0
F|Etc/GMT-9|GMT+09:00|GMT+09:00|GMT+09:00|GMT+09:00|32400|0
F|Etc/GMT0|GMT|GMT|Greenwich Mean Time|Greenwich Mean Time|0|0
F|GMT0|GMT|GMT|Greenwich Mean Time|Greenwich Mean Time|0|0
`;
