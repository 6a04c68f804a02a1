// The member agreement a timebank starts from: a coordinator publishes it as it is, or edits
// it into their own first version.
export const DEFAULT_AGREEMENT = {
  en: `As a member of this timebank I agree that:

1. No gifts or money change hands. We exchange time, one hour for one hour; I do not give or accept money, presents or tips for help given or received.
2. I do not use anyone's phone, computer or other belongings without their agreement.
3. I treat other members with respect: their views, their privacy, and their homes. I leave a home as I found it, and I keep what I learn about others to myself.
4. Travel costs are agreed beforehand: who pays for a journey, and how much, is settled with the broker or the other member before the help is given.
5. I tell the broker if I cannot keep an arrangement, or if something worries me.`,
  pl: `Jako członek tego banku czasu zgadzam się, że:

1. Nie przekazujemy sobie prezentów ani pieniędzy. Wymieniamy się czasem, godzina za godzinę; nie daję i nie przyjmuję pieniędzy, upominków ani napiwków za udzieloną lub otrzymaną pomoc.
2. Nie korzystam z niczyjego telefonu, komputera ani innych rzeczy bez zgody właściciela.
3. Traktuję innych członków z szacunkiem: ich poglądy, ich prywatność i ich domy. Zostawiam dom w takim stanie, w jakim go zastałem, a to, czego dowiem się o innych, zachowuję dla siebie.
4. Koszty dojazdu ustalamy z góry: kto płaci za podróż i ile, uzgadniam z brokerem lub z drugim członkiem, zanim pomoc zostanie udzielona.
5. Mówię brokerowi, jeśli nie mogę dotrzymać ustaleń albo jeśli coś mnie niepokoi.`,
} as const;
